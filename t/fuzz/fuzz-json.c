/*
 * libFuzzer harness: JSON input as the API reads it (UTF-8 check, the
 * parser with its depth limit, string members with NUL bytes).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object	*o;
	size_t		 len;

	utf8_valid((const char *)data, size);
	if ((o = util_json_parse((const char *)data, size)) == NULL)
		return 0;
	util_json_str(o, "text", NULL);
	util_json_str(o, "text", &len);
	json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	json_object_put(o);
	return 0;
}
