-- wrk script of bench/run (see Wrk.java): replays pre-signed, pre-serialized HTTP requests.
--
-- args: FILE REQLEN COUNT START RATE THREADS [DEPTH [MODE [CONNECTIONS]]]
--   FILE     COUNT requests of exactly REQLEN bytes each, back to back (signed before the run)
--   START    index of the first request this run sends (runs continue where the last one ended)
--   RATE     total requests/s for the open model; 0 = closed model (each connection sends again
--            as soon as it is answered)
--   THREADS  wrk's -t, so that each thread takes its own share of the file and of the rate
--   DEPTH    requests per write (HTTP/1.1 pipelining; default 1). wrk counts every answer but times
--            a write's batch as one sample; in the open model a slot is a batch of DEPTH requests
--   MODE     "dynamic" (default): each write takes the next DEPTH requests of the file;
--            "static": each thread writes one pre-built batch over and over (wrk's static mode:
--            no Lua call and no copy per request; used by the client-cost calibration)
--   CONNECTIONS  wrk's -c, to undo wrk's own latency correction (see done())
--
-- Open model: each thread keeps a schedule (slot k due at t0 + k / (RATE / THREADS)); a connection
-- that is free takes the next slot and waits for it (wrk's delay()). When no connection is free at a
-- slot's time, the slot is sent late: the lateness is counted in `lag` (ms buckets), so a run where
-- the client could not keep its schedule shows it (wrk's own latency is measured from the real send).
--
-- The file is read into memory outside Lua's heap (FFI), so large files do not hit LuaJIT's limit.
local ffi = require("ffi")
ffi.cdef [[
typedef struct FILE FILE;
FILE *fopen(const char *path, const char *mode);
size_t fread(void *ptr, size_t size, size_t n, FILE *f);
int fseek(FILE *f, long off, int whence);
int fclose(FILE *f);
void *malloc(size_t n);
void free(void *p);
typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[?]; } bench_stats;
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *ts);
]]

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local buf, reqlen, first, count, next_i, sent_n, depth = nil, 0, 0, 0, 0, 0, 1
local interval, t0, k = 0, nil, 0
local ts = ffi.new("bench_timespec")
-- lateness buckets (upper edges, ms); the last one is open
local edges = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1e12 }

local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

function init(args)
  local file = args[1]
  reqlen = tonumber(args[2])
  local total = tonumber(args[3])
  local start = tonumber(args[4])
  local rate = tonumber(args[5])
  local nthreads = tonumber(args[6])
  depth = tonumber(args[7] or "1")
  conns = tonumber(args[9] or "0")
  -- this thread's share: a contiguous slice of the file, started at the run's offset
  count = math.floor(total / nthreads)
  count = count - count % depth
  first = tid * count
  next_i = start % count -- runs continue where the last one ended
  local f = ffi.C.fopen(file, "rb")
  if f == nil then error("cannot open " .. file) end
  buf = ffi.cast("char *", ffi.C.malloc(count * reqlen))
  ffi.C.fseek(f, first * reqlen, 0)
  local got = ffi.C.fread(buf, reqlen, count, f)
  ffi.C.fclose(f)
  if tonumber(got) ~= count then error("short read of " .. file) end
  lag = {}
  for i = 1, #edges do lag[i] = 0 end
  sent = 0
  if args[8] == "static" then
    -- one pre-built batch per thread, written as is on every connection: no Lua per request
    local batch = ffi.string(buf + (next_i - next_i % depth) * reqlen, depth * reqlen)
    wrk.format = function() return batch end
    request = nil
  end
  if rate > 0 then
    interval = 1000.0 * depth / (rate / nthreads)
  else
    delay = nil -- closed model: no pacing at all
  end
end

function request()
  local i = next_i - next_i % depth
  next_i = i + depth
  if next_i >= count then next_i = 0; wraps = (wraps or 0) + 1 end
  sent = sent + depth
  return ffi.string(buf + i * reqlen, depth * reqlen)
end

function delay()
  local now = now_ms()
  if t0 == nil then t0 = now end
  local due = t0 + k * interval
  k = k + 1
  slots = k
  if due > now then
    return math.floor(due - now)
  end
  local late = now - due
  for i = 1, #edges do
    if late < edges[i] then lag[i] = lag[i] + 1; break end
  end
  return 0
end

-- Before done() runs, wrk "corrects" its latency histogram for coordinated omission as a closed-model
-- tool would (stats_correct): for every sample n >= 2*I it adds synthetic samples at n - I, n - 2I, ...
-- (> I), with I = duration / (answers / connections). Here the schedule's lateness is counted by the
-- script itself (lag), so that correction would count a slow answer twice, and with pipelining (one
-- sample per write, I from every answer) it swamps the histogram. This undoes it exactly, from the top
-- down: for m > I, corrected[m] = original[m] + sum over k >= 1 of original[m + k*I].
-- wrk's Lua API gives the histogram only bucket by bucket, each call scanning from the bottom, so the
-- script reads wrk's own stats struct (count, limit, min, max, data[µs]; wrk 4.x) through the FFI, after
-- checking that its min, max and first bucket agree with the API's.
local function histogram(latency)
  local ok, st = pcall(function() return ffi.cast("bench_stats **", latency)[0] end)
  if not ok or st == nil then return nil end
  if tonumber(st.min) ~= latency.min or tonumber(st.max) ~= latency.max then return nil end
  local v, c = latency(1)
  if v == nil or tonumber(st.data[v]) ~= c then return nil end
  return st
end

local function uncorrected(summary, latency, connections)
  local st = histogram(latency)
  if st == nil then return nil end
  local maxv = latency.max
  local orig = ffi.cast("double *", ffi.C.malloc((maxv + 1) * 8))
  local per = math.floor(summary.requests / connections)
  local I = per > 0 and math.floor(summary.duration / per) or 0
  local acc = ffi.cast("double *", ffi.C.malloc((I + 1) * 8))
  for r = 0, I do acc[r] = 0 end
  local total, sum = 0, 0
  for m = maxv, 0, -1 do
    local v = tonumber(st.data[m])
    if I > 0 and m > I then
      local r = m % I
      local o = v - acc[r]
      if o < 0 then o = 0 end
      acc[r] = acc[r] + o
      v = o
    end
    orig[m] = v
    total = total + v
    sum = sum + v * m
  end
  local wanted = { 50, 90, 99, 99.9 }
  local out = {}
  local seen, w = 0, 1
  for m = 0, maxv do
    seen = seen + orig[m]
    while w <= #wanted and total > 0 and seen >= math.ceil(wanted[w] / 100 * total) do
      out[w] = m
      w = w + 1
    end
    if w > #wanted then break end
  end
  ffi.C.free(orig)
  ffi.C.free(acc)
  for i = 1, #wanted do out[i] = out[i] or 0 end
  return out, total > 0 and sum / total or 0, I, total
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCHWRK requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  local connections = threads[1] and threads[1]:get("conns") or 0
  local p, mean, I, samples
  if connections > 0 and latency.max > 0 then
    p, mean, I, samples = uncorrected(summary, latency, connections)
  end
  if p ~= nil then
    io.write(string.format("BENCHWRK p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f corr_interval_us=%d wrk_p99_us=%d samples=%d\n",
      p[1], p[2], p[3], p[4], latency.max, mean, I, latency:percentile(99), samples))
  else
    io.write(string.format("BENCHWRK p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.1f\n",
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.max, latency.mean))
  end
  local lagsum, slots, wraps, sent = {}, 0, 0, 0
  for i = 1, #edges do lagsum[i] = 0 end
  for _, t in ipairs(threads) do
    local l = t:get("lag")
    for i = 1, #edges do lagsum[i] = lagsum[i] + (l and l[i] or 0) end
    slots = slots + (t:get("slots") or 0)
    wraps = wraps + (t:get("wraps") or 0)
    sent = sent + (t:get("sent") or 0)
  end
  io.write(string.format("BENCHWRK slots=%d wraps=%d sent=%d lag=%s\n", slots, wraps, sent, table.concat(lagsum, ",")))
end
