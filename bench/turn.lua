-- wrk script: patient turns spread over the conversations in CONVS
-- (lines "id token"), each a fact question for the built-in engine.
-- The requests are built once, in init (once wrk knows the host): wrk's
-- own work stays out of the measure.
local questions = {
	"what time do you open on saturday?",
	"how much is a follow up?",
	"do you take bupa?",
	"is there parking?",
}
local reqs = {}
local n = 0
init = function(args)
	local k = 0
	for line in io.lines(os.getenv("BENCH_CONVS")) do
		local id, token = line:match("(%d+) (%x+)")
		k = k + 1
		reqs[#reqs + 1] = wrk.format("POST",
		    "/frontdesk/api/v1/conversations/" .. id .. "/messages", {
			["Authorization"] = "Bearer " .. token,
			["Content-Type"] = "application/json",
		}, '{"text": "' .. questions[(k % #questions) + 1] .. '"}')
	end
end
request = function()
	n = n + 1
	return reqs[(n % #reqs) + 1]
end
