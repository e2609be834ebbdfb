// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side self-test of the C USIP watcher's pure parts, run by run-guest-bench.sh before it
 * boots a guest: the hash table (insert, replace, remove, growth) and the table check against
 * /proc/self/mountinfo, which must find every kind of difference, not only agree.
 * Prints "ok - ..." / "not ok - ..." lines; exits 1 on any failure.
 */
#include <stdio.h>
#include <string.h>

#include "mountinfo-check.h"

static int failures;

static void expect(int cond, const char *what)
{
	printf("%s - %s\n", cond ? "ok" : "not ok", what);
	failures += !cond;
}

static struct mount_fields fields(uint32_t id, uint32_t parent, const char *point)
{
	struct mount_fields f = { .id = id, .parent_id = parent };
	int i;

	for (i = 0; i < MOUNT_TEXTS; i++) {
		f.text[i] = i == MOUNT_POINT ? point : "x";
		f.len[i] = strlen(f.text[i]);
	}
	return f;
}

static void hash_table(void)
{
	struct mount_table t;
	struct mount_fields f;
	uint32_t i, wrong = 0;
	struct mount *m;

	mount_table_init(&t);
	for (i = 1; i <= 40000; i++) {
		f = fields(i * 3, i, "/p");
		mount_table_put(&t, &f);
	}
	for (i = 1; i <= 40000; i += 2)
		mount_table_remove(&t, i * 3);
	for (i = 1; i <= 40000; i++) {
		m = mount_table_get(&t, i * 3);
		wrong += i % 2 ? m != NULL : !m || m->parent_id != i;
	}
	expect(t.size == 20000 && !wrong, "40,000 puts, 20,000 removes: the right 20,000 remain");
	f = fields(6, 77, "/replaced");
	mount_table_put(&t, &f);
	m = mount_table_get(&t, 6);
	expect(t.size == 20000 && m && m->parent_id == 77 && !strcmp(m->text[MOUNT_POINT], "/replaced"),
	       "a put of a known id replaces it");
	mount_table_remove(&t, 5);
	expect(t.size == 20000, "removing an unknown id changes nothing");
	mount_table_free(&t);
}

/* The check of a table loaded from mountinfo, after `change` was applied to its first mount. */
static void check_after(const char *what, void (*change)(struct mount_table *, struct mount *),
			const char *expected)
{
	struct mount_table t;
	struct check_result r;
	struct mount *first = NULL;
	size_t i;

	mount_table_init(&t);
	if (mountinfo_load(&t)) {
		expect(0, "load /proc/self/mountinfo");
		return;
	}
	for (i = 0; !first && i < t.n_buckets; i++)
		first = t.buckets[i];
	if (change)
		change(&t, first);
	mountinfo_check(&t, &r);
	expect(expected ? !r.same && strstr(r.first_difference, expected) : r.same && t.size == r.mountinfo_size,
	       what);
	if (expected && !strstr(r.first_difference, expected))
		printf("# got: %s\n", r.first_difference);
	mount_table_free(&t);
}

static void other_parent(struct mount_table *t, struct mount *m)
{
	(void)t;
	m->parent_id += 1000;
}

static void other_master(struct mount_table *t, struct mount *m)
{
	(void)t;
	m->master = m->master + 1;
}

static void other_source(struct mount_table *t, struct mount *m)
{
	(void)t;
	m->text[MOUNT_SOURCE] = "not-the-source";
}

static void removed(struct mount_table *t, struct mount *m)
{
	mount_table_remove(t, m->id);
}

static void extra(struct mount_table *t, struct mount *m)
{
	struct mount_fields f = fields(0x7fffffff, m->id, "/extra");

	mount_table_put(t, &f);
}

int main(void)
{
	hash_table();
	check_after("a table loaded from mountinfo checks ok", NULL, NULL);
	check_after("a wrong parent is found", other_parent, "parentId");
	check_after("a wrong master group is found", other_master, "master");
	check_after("a wrong source is found", other_source, "source");
	check_after("a mount missing from the table is found", removed, "not in the usip table");
	check_after("a mount only in the table is found", extra, "not in mountinfo");
	return failures ? 1 : 0;
}
