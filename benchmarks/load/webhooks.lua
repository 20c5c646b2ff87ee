-- wrk script: POSTs the incoming_chat sample with a unique chat id per request (thread number, run
-- start time, counter), so every request is a new delivery, also across runs against the same
-- server: no dedupe short-cut. BODY names the file WebhookLoadServer wrote.
local threads = {}
local counter = 0
local template
local run

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("BODY") or "/tmp/lcbridge-webhook-body.json", "r"))
  template = f:read("*a")
  f:close()
  run = os.time()
end

function request()
  counter = counter + 1
  local chat = string.format("T%dR%dC%08d", id, run, counter)
  local body = template:gsub("PJ0MRSHTDG", chat, 1)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d non2xx=%d socket_errors=%d\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
