package io.sluice.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Frame;
import org.testcontainers.DockerClientFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a container to its exit and hands back its exit code and output (stdout and stderr), then
 * removes it: for images expected to stop by themselves (a start-up error) and for throwaway
 * commands (looking into a volume).
 */
final class OneShot {
    /** How it ended. */
    record Exit(long code, String log) {
    }

    private OneShot() {
    }

    /** Creates the container with {@code create}, starts it and waits at most {@code timeout} for it to exit. */
    static Exit run(Function<DockerClient, CreateContainerCmd> create, Duration timeout) throws InterruptedException {
        DockerClient docker = DockerClientFactory.instance().client();
        String id = create.apply(docker).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Integer code = docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
            return new Exit(code, out.toString());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
