-- wrk readers for `make bench-launch` (bench/launch.py): articles by Zipf rank, plus hot pages.
--
-- LAUNCH_PATHS names a file: hot pages as "hot <path>" lines, then article paths, most
-- popular first. LAUNCH_ZIPF is the exponent, LAUNCH_RANKS how many article ranks to
-- draw from (all by default), LAUNCH_HOT_SHARE the share of requests for hot pages.
-- Counts hits from X-Cache (the application) and Varnish's own: X-Cache-Front "hit"
-- (deploy/varnish/default.vcl), else X-Varnish with two ids
-- and prints one "LAUNCH key=value…" line at the end.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local hot, articles, cdf = {}, {}, {}
local hot_share = tonumber(os.getenv("LAUNCH_HOT_SHARE") or "0.1")
app_hits, front_hits, responses, errors = 0, 0, 0, 0

function init(args)
  for line in io.lines(os.getenv("LAUNCH_PATHS")) do
    local hot_path = line:match("^hot (.+)$")
    if hot_path then table.insert(hot, hot_path) else table.insert(articles, line) end
  end
  local exponent = tonumber(os.getenv("LAUNCH_ZIPF") or "1.1")
  local ranks = math.min(#articles, tonumber(os.getenv("LAUNCH_RANKS") or #articles))
  local total = 0
  for rank = 1, ranks do
    total = total + rank ^ -exponent
    cdf[rank] = total
  end
  for rank = 1, ranks do cdf[rank] = cdf[rank] / total end
  math.randomseed(os.time() * 100 + id)
end

local function zipf()
  local u, low, high = math.random(), 1, #cdf
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cdf[middle] < u then low = middle + 1 else high = middle end
  end
  return articles[low]
end

function request()
  local path
  if #hot > 0 and math.random() < hot_share then
    path = hot[math.random(#hot)]
  else
    path = zipf()
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 400 then errors = errors + 1 end
  local front = headers["X-Cache-Front"] or headers["x-cache-front"]
  local varnish = headers["X-Varnish"] or headers["x-varnish"]
  if front == "hit" or (front == nil and varnish and varnish:find(" ")) then
    front_hits = front_hits + 1
  else
    local cache = headers["X-Cache"] or headers["x-cache"] or ""
    if cache:lower():sub(1, 3) == "hit" then app_hits = app_hits + 1 end
  end
end

function done(summary, latency, requests)
  local totals = {app_hits = 0, front_hits = 0, responses = 0, errors = 0}
  for _, thread in ipairs(threads) do
    for key in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
  end
  io.write(string.format(
    "LAUNCH requests=%d responses=%d app_hits=%d front_hits=%d errors=%d "
      .. "p50_us=%d p99_us=%d seconds=%.3f\n",
    summary.requests, totals.responses, totals.app_hits, totals.front_hits, totals.errors,
    latency:percentile(50), latency:percentile(99), summary.duration / 1e6
  ))
end
