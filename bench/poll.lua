-- wrk script: polls of one conversation, as an open widget makes them.
local id, token = io.open(os.getenv("BENCH_CONVS")):read("*l"):match("(%d+) (%x+)")
request = function()
	return wrk.format("GET", "/frontdesk/api/v1/conversations/" .. id ..
	    "/messages?after=1", { ["Authorization"] = "Bearer " .. token })
end
