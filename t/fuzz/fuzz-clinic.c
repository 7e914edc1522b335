/*
 * libFuzzer harness: the clinic file validator, on any JSON document.
 */
#include <stddef.h>
#include <stdint.h>

#include "clinic.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object	*o;
	char		 err[512];

	if ((o = util_json_parse((const char *)data, size)) == NULL)
		return 0;
	clinic_validate(o, err, sizeof(err));
	json_object_put(o);
	return 0;
}
