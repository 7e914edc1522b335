-- wrk script: polls of one conversation after its last message, as an
-- open widget makes them (BENCH_POLLED holds "id token last_id").  The
-- request is built once, in init (once wrk knows the host): wrk's own
-- work stays out of the measure.
local req
init = function(args)
	local id, token, last = io.open(os.getenv("BENCH_POLLED")):
	    read("*l"):match("(%d+) (%x+) (%d+)")
	req = wrk.format("GET", "/frontdesk/api/v1/conversations/" .. id ..
	    "/messages?after=" .. last,
	    { ["Authorization"] = "Bearer " .. token })
end
request = function()
	return req
end
