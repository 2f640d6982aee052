-- Each request comes from a different visitor, as the proxy in front says (X-Real-IP,
-- trusted by the bench's server): the open data API counts requests per address, and
-- 20 connections stand for many people, not one address that the limit would refuse.
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

request = function()
  wrk.headers["X-Real-IP"] = string.format(
    "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)
  )
  return wrk.format()
end

-- wrk's summary as one JSON line, for bench.load to read.
-- Latency figures are microseconds; errors are wrk's own counts, with non-2xx/3xx answers.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean
  ))
end
