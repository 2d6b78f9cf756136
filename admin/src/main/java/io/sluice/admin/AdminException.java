package io.sluice.admin;

/**
 * A refusal a handler decides: thrown (or passed to {@code ctx.fail}) and turned into the JSON
 * error body {@code {"error":code,"detail":detail}} with {@code status} by {@link AdminErrors}.
 * The detail is shown to the caller: never put a secret or a token in it.
 */
public final class AdminException extends RuntimeException {
    private final int status;
    private final String code;
    private final String detail;

    public AdminException(int status, String code, String detail) {
        super(code + (detail == null ? "" : ": " + detail), null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public static AdminException badRequest(String code, String detail) {
        return new AdminException(400, code, detail);
    }

    public static AdminException notFound(String code) {
        return new AdminException(404, code, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
