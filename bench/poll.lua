-- wrk script: polls of one conversation after its last message, as an
-- open widget makes them (BENCH_POLLED holds "id token last_id").
local id, token, last = io.open(os.getenv("BENCH_POLLED")):read("*l"):
    match("(%d+) (%x+) (%d+)")
request = function()
	return wrk.format("GET", "/frontdesk/api/v1/conversations/" .. id ..
	    "/messages?after=" .. last, { ["Authorization"] = "Bearer " .. token })
end
