-- wrk script for `make bench`: prints one machine-readable line per run from done().
--
-- GET by default. With BENCH_POST_TOKEN set, every request is a feedback post whose comment
-- carries a unique token (<BENCH_POST_TOKEN>-<thread>-<n>), with the Origin header the site
-- asks for; responses are counted by status so posts acknowledged (303) can be compared with
-- rows stored. With BENCH_COOKIE set, every request sends that Cookie header (a staff session).
-- With BENCH_STATUSES set (the fault rows), answers are counted by status code, with those that
-- say they are a kept page served while the database is away (X-Served-Stale), and a post also
-- counts as acknowledged when it is answered 200 with the thank-you text (an opinion spooled).

local token = os.getenv("BENCH_POST_TOKEN")
local origin = os.getenv("BENCH_ORIGIN")
local cookie = os.getenv("BENCH_COOKIE")
local count_statuses = os.getenv("BENCH_STATUSES")
local THANKS = "Merci pour votre retour"
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  sent = 0
  acked = 0
  other = 0
  stale = 0
  statuses = {}
  if cookie and cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
  if token then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Origin"] = origin
  end
end

function request()
  if not token then
    return wrk.format()
  end
  sent = sent + 1
  local body = "rating=" .. (sent % 5 + 1) .. "&comment=Avis+de+banc+d%27essai+" .. token .. "-" .. id .. "-" .. sent .. "&shown_at="
  return wrk.format(nil, nil, nil, body)
end

if token or count_statuses then
  function response(status, headers, body)
    if count_statuses then
      statuses[status] = (statuses[status] or 0) + 1
      if headers["X-Served-Stale"] then
        stale = stale + 1
      end
    end
    if not token then
      return
    end
    if status == 303 or (count_statuses and status == 200 and body:find(THANKS, 1, true)) then
      acked = acked + 1
    else
      other = other + 1
    end
  end
end

function done(summary, latency, requests)
  local total_acked, total_other, total_stale, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    total_acked = total_acked + (thread:get("acked") or 0)
    total_other = total_other + (thread:get("other") or 0)
    total_stale = total_stale + (thread:get("stale") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local codes = {}
  for status, count in pairs(by_status) do
    table.insert(codes, string.format('"%d": %d', status, count))
  end
  table.sort(codes)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "status_errors": %d, ' ..
    '"timeouts": %d, "acked": %d, "other_status": %d, "stale": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, total_acked, total_other,
    total_stale, table.concat(codes, ", ")))
end
