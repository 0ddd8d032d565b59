-- wrk at a constant request rate (wrk itself only runs closed loops as fast as it can).
-- Used by bench/soak.py: wrk -t T -c C -d D --timeout 10s --latency -s bench/wrk-paced.lua <url> -- <requests/s> <T>
--
-- Each wrk thread keeps a schedule of send times, rate / T per second, measured on the monotonic clock (LuaJIT's FFI,
-- clock_gettime). wrk asks delay() once before every request it sends, on whichever of the thread's connections is
-- free; delay() hands that request the next slot of the schedule and answers how long to wait for it. So the thread
-- sends at the schedule's rate whatever the latency, as long as it has a free connection (C / T per thread; give it
-- plenty). A thread that falls behind (every connection busy) sends at once until it catches up, at most
-- CATCH_UP_MS late; slots further behind are dropped and counted as "missed", never sent in a burst.
-- At the end (wrk's -d, or SIGINT) done() prints one line: "paced: rate=... sent=... missed=... late_ms_max=...".
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bg_timespec;
int clock_gettime(int clk_id, bg_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local CATCH_UP_MS = 1000
local ts = ffi.new("bg_timespec")

local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local thread_count = 0

function setup(thread)
    table.insert(threads, thread)
    thread_count = thread_count + 1
    thread:set("thread_index", thread_count)
end

-- per thread (each has its own Lua state)
local interval_ms, next_ms
sent, missed, late_ms_max, rate_per_thread = 0, 0, 0, 0

function init(args)
    local rate = tonumber(args[1])
    if rate == nil or rate <= 0 then
        error("wrk-paced.lua: give the total rate in requests/s after --, e.g. -- 1000")
    end
    -- the second argument: wrk's -t (a thread cannot see how many there are)
    thread_total = tonumber(args[2]) or 1
    rate_per_thread = rate / thread_total
    interval_ms = 1000 / rate_per_thread
end

function delay()
    local now = now_ms()
    if next_ms == nil then
        -- threads start spread over one interval, so that T threads do not send in step
        next_ms = now + interval_ms * ((thread_index or 1) - 1) / thread_total
    end
    local late = now - next_ms
    if late > CATCH_UP_MS then
        local skip = math.floor((late - CATCH_UP_MS) / interval_ms) + 1
        missed = missed + skip
        next_ms = next_ms + skip * interval_ms
        late = now - next_ms
    end
    if late > late_ms_max then late_ms_max = late end
    local wait = next_ms - now
    next_ms = next_ms + interval_ms
    sent = sent + 1
    if wait <= 0 then return 0 end
    return math.floor(wait)
end

function done(summary, latency, requests)
    local total_sent, total_missed, late_max, rate = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        total_sent = total_sent + (thread:get("sent") or 0)
        total_missed = total_missed + (thread:get("missed") or 0)
        late_max = math.max(late_max, thread:get("late_ms_max") or 0)
        rate = rate + (thread:get("rate_per_thread") or 0)
    end
    io.write(string.format("paced: rate=%.1f sent=%d missed=%d late_ms_max=%.1f\n", rate, total_sent, total_missed, late_max))
end
