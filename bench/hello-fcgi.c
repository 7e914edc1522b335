/*
 * The floor for the API benchmark: a bare libfcgi program that answers
 * every request with one primary-key SELECT and a small JSON body.
 */
#include <stdio.h>
#include <stdlib.h>

#include <fcgiapp.h>
#include <mysql.h>

int
main(void)
{
	FCGX_Request	 r;
	MYSQL		*m = mysql_init(NULL);
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	const char	*sock = getenv("BENCH_DB_SOCKET");
	const char	*db = getenv("BENCH_DB_NAME");

	if (mysql_real_connect(m, NULL, "root", NULL, db, 0, sock, 0) == NULL)
		return 1;
	FCGX_Init();
	FCGX_InitRequest(&r, 0, 0);
	while (FCGX_Accept_r(&r) >= 0) {
		const char *name = "";

		res = NULL;
		if (mysql_query(m, "SELECT name FROM clinics WHERE id = "
		    "'riverside-physio'") == 0 &&
		    (res = mysql_store_result(m)) != NULL &&
		    (row = mysql_fetch_row(res)) != NULL)
			name = row[0];
		FCGX_FPrintF(r.out, "Status: 200 OK\r\nContent-Type: "
		    "application/json\r\n\r\n{\"name\":\"%s\"}", name);
		if (res != NULL)
			mysql_free_result(res);
		FCGX_Finish_r(&r);
	}
	return 0;
}
