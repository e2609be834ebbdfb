// SPDX-License-Identifier: GPL-2.0
/*
 * User-space driver for usip-btf.c, built by run-btf-tests.sh:
 *   btf-test query FILE STRUCT MEMBER_PATH   prints "offset size shape" or "error -N"
 *   btf-test enum FILE ENUMERATOR x          prints its value or "error -N"
 *   btf-test fuzz FILE ROUNDS SEED           parses corrupted copies; must never crash
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../usip-btf.h"

static const char *const shapes[] = { "other", "int", "ptr", "aggregate" };

static unsigned char *read_all(const char *file, size_t *len)
{
	FILE *f = fopen(file, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	if (!f)
		return NULL;
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	fclose(f);
	return buf;
}

static int query(const unsigned char *data, size_t len, const char *st, const char *path)
{
	struct usip_btf btf;
	struct usip_btf_member m;
	int err = usip_btf_parse(&btf, data, len);

	if (!err)
		err = usip_btf_member(&btf, st, path, &m);
	if (err)
		printf("error %d\n", err);
	else
		printf("%u %u %s\n", m.offset, m.size, shapes[m.shape]);
	usip_btf_free(&btf);
	return 0;
}

static int enum_value(const unsigned char *data, size_t len, const char *name)
{
	struct usip_btf btf;
	s32 value;
	int err = usip_btf_parse(&btf, data, len);

	if (!err)
		err = usip_btf_enum_value(&btf, name, &value);
	if (err)
		printf("error %d\n", err);
	else
		printf("%d\n", value);
	usip_btf_free(&btf);
	return 0;
}

/* xorshift: reproducible corruption without libc's rand() state. */
static unsigned long long next_random(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int fuzz(const unsigned char *data, size_t len, long rounds, unsigned long long seed)
{
	static const char *const queries[][2] = {
		{ "mount", "mnt_id" }, { "mount", "mnt_parent" }, { "mnt_namespace", "ns.inum" },
		{ "mount", "mnt.mnt_sb" }, { "file", "f_path.mnt" },
	};
	unsigned char *copy = malloc(len);
	long parsed = 0, r;

	for (r = 0; r < rounds; r++) {
		/* Corrupt a few bytes, mostly in the header and the first types, or truncate. */
		size_t cut = len, i, q;
		struct usip_btf btf;
		struct usip_btf_member m;

		memcpy(copy, data, len);
		for (i = 0; i < 1 + next_random(&seed) % 8; i++) {
			size_t span = next_random(&seed) % 2 ? 4096 : len;
			copy[next_random(&seed) % span] = (unsigned char)next_random(&seed);
		}
		if (next_random(&seed) % 4 == 0)
			cut = next_random(&seed) % len;
		if (usip_btf_parse(&btf, copy, cut) == 0) {
			parsed++;
			for (q = 0; q < sizeof(queries) / sizeof(queries[0]); q++)
				usip_btf_member(&btf, queries[q][0], queries[q][1], &m);
			usip_btf_enum_value(&btf, "UMOUNT_PROPAGATE", &(s32){ 0 });
		}
		usip_btf_free(&btf);
	}
	free(copy);
	printf("fuzz rounds %ld parsed %ld\n", rounds, parsed);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char *data;
	size_t len;
	int rc = 2;

	if (argc != 5 || !(data = read_all(argv[2], &len))) {
		fprintf(stderr, "usage: btf-test query|fuzz FILE ARG ARG\n");
		return 2;
	}
	if (!strcmp(argv[1], "query"))
		rc = query(data, len, argv[3], argv[4]);
	else if (!strcmp(argv[1], "enum"))
		rc = enum_value(data, len, argv[3]);
	else if (!strcmp(argv[1], "fuzz"))
		rc = fuzz(data, len, atol(argv[3]), strtoull(argv[4], NULL, 0));
	free(data);
	return rc;
}
