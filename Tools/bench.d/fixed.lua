-- wrk script for Tools/bench: the same request over every connection, every answer checked.
--
--   wrk -t1 -c8 -d20s -s fixed.lua http://127.0.0.1:PORT -- METHOD PATH BODY_FILE|- TOKEN|- EXPECT|-
--
-- An answer counts as bad unless its status is 200 and (when EXPECT is given) its body contains
-- EXPECT. At the end one line "BENCHJSON {...}" carries the figures (latencies in microseconds) and
-- "BENCHBAD ..." the first bad answer, if any.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local method, path, body_file, token = args[1], args[2], args[3], args[4]
  expect = args[5]
  if expect == "-" then expect = nil end
  local body = nil
  if body_file ~= nil and body_file ~= "-" then
    local f = assert(io.open(body_file, "rb"))
    body = f:read("*a")
    f:close()
  end
  local headers = { ["Accept"] = "application/json" }
  if body ~= nil then headers["Content-Type"] = "application/json" end
  if token ~= nil and token ~= "-" then headers["Authorization"] = "Bearer " .. token end
  req = wrk.format(method, path, headers, body)
  bad = 0
  first_bad = ""
end

function request()
  return req
end

function response(status, headers, body)
  if status ~= 200 or (expect ~= nil and not string.find(body, expect, 1, true)) then
    bad = bad + 1
    if first_bad == "" then first_bad = tostring(status) .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local bad_total, first = 0, ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
    local f = thread:get("first_bad")
    if first == "" and f ~= nil then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d}, "bad": %d, "latency_us": {"p50": %d, "p90": %d, "p99": %d, "mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout, bad_total,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
  if first ~= "" then io.write("BENCHBAD " .. first:gsub("\n", " ") .. "\n") end
end
