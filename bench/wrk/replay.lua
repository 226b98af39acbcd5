-- replay.lua makes wrk send the pre-signed requests bench/signreq wrote,
-- in order, one per request, starting over at the end of the file (every
-- request after the first pass is a repeat: a duplicate to a target that
-- deduplicates). It counts answers by status and the replies that say the
-- bot is busy, and prints one machine-readable BENCH line at the end.
--
--   wrk -t1 -c50 -d12s --latency -s bench/wrk/replay.lua http://127.0.0.1:8080 -- commands.req

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Globals, not locals: done() reads them from each thread with thread:get.
reqs, n, i, sent = {}, 0, 0, 0
ok2xx, busy, other = 0, 0, 0

function init(args)
  local path = args[1]
  local f = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local data = f:read("*a")
  f:close()
  local pos = 1
  while pos <= #data do
    local nl = string.find(data, "\n", pos, true)
    if not nl then break end
    local len = tonumber(string.sub(data, pos, nl - 1))
    reqs[#reqs + 1] = string.sub(data, nl + 1, nl + len)
    pos = nl + 1 + len
  end
  data = nil
  n = #reqs
  assert(n > 0, "no requests in " .. path)
end

function request()
  i = i + 1
  if i > n then i = 1 end
  sent = sent + 1
  return reqs[i]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
    -- interviewbot answers a command it has no worker for with 200 and a
    -- "busy" text (an event with 503).
    if body and string.find(body, "busy", 1, true) then busy = busy + 1 end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local sent_all, ok_all, busy_all, other_all, pool = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    sent_all = sent_all + t:get("sent")
    ok_all = ok_all + t:get("ok2xx")
    busy_all = busy_all + t:get("busy")
    other_all = other_all + t:get("other")
    pool = pool + t:get("n")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f " ..
    "ok2xx=%d busy=%d non2xx=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d sent=%d pool=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    ok_all, busy_all, e.status, e.connect, e.read, e.write, e.timeout, sent_all, pool))
end
