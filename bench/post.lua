-- POST the body given as wrk argument 2, with "REFERENTIENUMMER" replaced by a number unique to
-- the run (argument 1), the wrk thread and the request, so the uniqueness check is exercised.
local counter = 0
local thread_count = 0
local prefix, suffix, run

function setup(thread)
  thread:set("slot", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  run = tonumber(args[1]) % 10
  prefix, suffix = args[2]:match("^(.*)REFERENTIENUMMER(.*)$")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = prefix .. string.format("%d%03d%06d", run, slot, counter) .. suffix
  return wrk.format(nil, nil, nil, body)
end
