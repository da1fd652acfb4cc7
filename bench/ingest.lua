-- wrk: ingestEvents in batches of 100 events with fresh transaction ids: new in every run
-- (BENCH_RUN, made by bench/load.py), since wrk's math.random repeats itself from run to run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local counter = 0
request = function()
  counter = counter + 1
  local events = {}
  for i = 1, 100 do
    events[i] = string.format('{"transactionId":"%s-%d-%d","externalCustomerId":"c","code":"calls"}',
      run, counter, i)
  end
  local body = '{"query":"mutation($e: [EventInput!]!) { ingestEvents(events: $e) { id } }","variables":{"e":['
    .. table.concat(events, ",") .. ']}}'
  return wrk.format(nil, nil, nil, body)
end
