-- wrk script: patient turns spread over the conversations in CONVS
-- (lines "id token"), each a fact question for the built-in engine.
local convs = {}
for line in io.lines(os.getenv("BENCH_CONVS")) do
	local id, token = line:match("(%d+) (%x+)")
	convs[#convs + 1] = { id = id, token = token }
end
local n = 0
local questions = {
	"what time do you open on saturday?",
	"how much is a follow up?",
	"do you take bupa?",
	"is there parking?",
}
request = function()
	n = n + 1
	local c = convs[(n % #convs) + 1]
	local q = questions[(n % #questions) + 1]
	return wrk.format("POST", "/frontdesk/api/v1/conversations/" .. c.id ..
	    "/messages", {
		["Authorization"] = "Bearer " .. c.token,
		["Content-Type"] = "application/json",
	}, '{"text": "' .. q .. '"}')
end
