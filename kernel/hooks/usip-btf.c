// SPDX-License-Identifier: GPL-2.0
/*
 * BTF reader: see usip-btf.h. Every offset read from the blob is checked against its
 * section before use, so a truncated or corrupt blob yields -EINVAL, never a bad access.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/btf.h>
#define usip_btf_alloc(n) kvmalloc_array((n), sizeof(u32), GFP_KERNEL)
#define usip_btf_release(p) kvfree(p)
#else
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>
#define usip_btf_alloc(n) calloc((n), sizeof(u32))
#define usip_btf_release(p) free(p)
#endif

#include "usip-btf.h"

#define USIP_BTF_MAGIC 0xeB9F
/* Guards against cycles in corrupt data: real kernels nest far less deeply. */
#define USIP_BTF_MAX_CHAIN 32
#define USIP_BTF_MAX_NESTING 8

/* Bytes a type record occupies, or 0 when its kind is unknown. */
static u32 record_size(const struct btf_type *t)
{
	u32 vlen = BTF_INFO_VLEN(t->info);
	u32 size = sizeof(*t);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return size + sizeof(u32);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return size;
	case BTF_KIND_ARRAY:
		return size + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return size + vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return size + vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return size + vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return size + vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return size + vlen * sizeof(struct btf_enum64);
	default:
		return 0;
	}
}

/* Walk the type section; store each record's offset when @offsets is non-NULL. */
static int walk_types(const u8 *types, u32 len, u32 *offsets, u32 *count)
{
	u32 pos = 0, n = 0;

	while (pos < len) {
		const struct btf_type *t = (const void *)(types + pos);
		u32 size;

		if (len - pos < sizeof(*t))
			return -EINVAL;
		size = record_size(t);
		if (!size || len - pos < size)
			return -EINVAL;
		if (offsets)
			offsets[n + 1] = pos;
		n++;
		pos += size;
	}
	*count = n;
	return 0;
}

int usip_btf_parse(struct usip_btf *btf, const void *data, size_t len)
{
	const struct btf_header *hdr = data;
	const u8 *body;
	u32 count, body_len;
	int err;

	memset(btf, 0, sizeof(*btf));
	if (len < sizeof(*hdr) || hdr->magic != USIP_BTF_MAGIC || hdr->version != 1)
		return -EINVAL;
	if (hdr->hdr_len < sizeof(*hdr) || hdr->hdr_len > len)
		return -EINVAL;
	body = (const u8 *)data + hdr->hdr_len;
	body_len = len - hdr->hdr_len;
	if (hdr->type_off > body_len || hdr->type_len > body_len - hdr->type_off ||
	    hdr->str_off > body_len || hdr->str_len > body_len - hdr->str_off)
		return -EINVAL;
	/* Types are u32-aligned records; strings must end in NUL so any offset is a C string. */
	if ((hdr->hdr_len + hdr->type_off) % 4 || hdr->type_len % 4 || !hdr->str_len ||
	    body[hdr->str_off + hdr->str_len - 1] != '\0')
		return -EINVAL;

	btf->types = body + hdr->type_off;
	btf->types_len = hdr->type_len;
	btf->strings = (const char *)body + hdr->str_off;
	btf->strings_len = hdr->str_len;

	err = walk_types(btf->types, btf->types_len, NULL, &count);
	if (err)
		return err;
	btf->type_offsets = usip_btf_alloc((size_t)count + 1);
	if (!btf->type_offsets)
		return -ENOMEM;
	btf->nr_types = count + 1;
	btf->type_offsets[0] = 0;
	return walk_types(btf->types, btf->types_len, btf->type_offsets, &count);
}

void usip_btf_free(struct usip_btf *btf)
{
	usip_btf_release(btf->type_offsets);
	btf->type_offsets = NULL;
	btf->nr_types = 0;
}

static const struct btf_type *type_by_id(const struct usip_btf *btf, u32 id)
{
	if (!id || id >= btf->nr_types)
		return NULL;
	return (const void *)(btf->types + btf->type_offsets[id]);
}

static const char *name_of(const struct usip_btf *btf, u32 name_off)
{
	return name_off < btf->strings_len ? btf->strings + name_off : "";
}

/* Follow typedefs and qualifiers to the type they name. */
static const struct btf_type *resolve(const struct usip_btf *btf, u32 id)
{
	const struct btf_type *t = type_by_id(btf, id);
	int hops;

	for (hops = 0; t && hops < USIP_BTF_MAX_CHAIN; hops++) {
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			t = type_by_id(btf, t->type);
			break;
		default:
			return t;
		}
	}
	return NULL;
}

static bool is_aggregate(const struct btf_type *t)
{
	u32 kind = BTF_INFO_KIND(t->info);

	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

s32 usip_btf_find_struct(const struct usip_btf *btf, const char *name)
{
	u32 id;

	for (id = 1; id < btf->nr_types; id++) {
		const struct btf_type *t = type_by_id(btf, id);

		/* A forward declaration or an empty struct has no usable layout. */
		if (BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT && t->size &&
		    !strcmp(name_of(btf, t->name_off), name))
			return id;
	}
	return -ENOENT;
}

/* Bit offset of @m in @owner, or -EINVAL for a bit field. */
static int member_bit_offset(const struct usip_btf *btf, const struct btf_type *owner,
			     const struct btf_member *m, u32 *bits)
{
	const struct btf_type *mt;

	if (BTF_INFO_KFLAG(owner->info)) {
		if (BTF_MEMBER_BITFIELD_SIZE(m->offset))
			return -EINVAL;
		*bits = BTF_MEMBER_BIT_OFFSET(m->offset);
	} else {
		*bits = m->offset;
		mt = resolve(btf, m->type);
		if (mt && BTF_INFO_KIND(mt->info) == BTF_KIND_INT) {
			u32 enc = *(const u32 *)(mt + 1);

			if (BTF_INT_OFFSET(enc) || BTF_INT_BITS(enc) != mt->size * 8)
				return -EINVAL;
		}
	}
	return *bits % 8 ? -EINVAL : 0;
}

/*
 * Find member @name (of @name_len bytes) in aggregate @t, descending into anonymous members.
 * On success *@offset is increased by the member's byte offset and *@type_id is its type.
 */
static int find_member(const struct usip_btf *btf, const struct btf_type *t, const char *name,
		       size_t name_len, int depth, u32 *offset, u32 *type_id)
{
	const struct btf_member *m = (const void *)(t + 1);
	u32 i, vlen = BTF_INFO_VLEN(t->info);

	if (depth > USIP_BTF_MAX_NESTING)
		return -EINVAL;
	for (i = 0; i < vlen; i++, m++) {
		const char *mname = name_of(btf, m->name_off);
		const struct btf_type *mt;
		u32 bits, inner = 0;
		int err;

		if (*mname) {
			if (strlen(mname) != name_len || memcmp(mname, name, name_len))
				continue;
			err = member_bit_offset(btf, t, m, &bits);
			if (err)
				return err;
			*offset += bits / 8;
			*type_id = m->type;
			return 0;
		}
		mt = resolve(btf, m->type);
		if (!mt || !is_aggregate(mt))
			continue;
		err = find_member(btf, mt, name, name_len, depth + 1, &inner, type_id);
		if (err == -ENOENT)
			continue;
		if (err)
			return err;
		if (member_bit_offset(btf, t, m, &bits))
			return -EINVAL;
		*offset += bits / 8 + inner;
		return 0;
	}
	return -ENOENT;
}

static void describe(const struct usip_btf *btf, u32 type_id, struct usip_btf_member *out)
{
	const struct btf_type *t = resolve(btf, type_id);

	out->shape = USIP_BTF_OTHER;
	out->size = 0;
	if (!t)
		return;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		out->shape = USIP_BTF_INT;
		out->size = t->size;
		break;
	case BTF_KIND_PTR:
		out->shape = USIP_BTF_PTR;
		out->size = sizeof(void *);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		out->shape = USIP_BTF_AGGREGATE;
		out->size = t->size;
		break;
	}
}

int usip_btf_member(const struct usip_btf *btf, const char *struct_name, const char *path,
		    struct usip_btf_member *out)
{
	s32 id = usip_btf_find_struct(btf, struct_name);
	const struct btf_type *t;
	u32 offset = 0, type_id;

	if (id < 0)
		return id;
	t = type_by_id(btf, id);
	for (;;) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		int err;

		if (!len)
			return -EINVAL;
		err = find_member(btf, t, path, len, 0, &offset, &type_id);
		if (err)
			return err;
		if (!dot)
			break;
		t = resolve(btf, type_id);
		if (!t || !is_aggregate(t))
			return -EINVAL;
		path = dot + 1;
	}
	out->offset = offset;
	describe(btf, type_id, out);
	return 0;
}

int usip_btf_enum_value(const struct usip_btf *btf, const char *name, s32 *value)
{
	u32 id, i;

	for (id = 1; id < btf->nr_types; id++) {
		const struct btf_type *t = type_by_id(btf, id);
		const struct btf_enum *e = (const void *)(t + 1);

		if (BTF_INFO_KIND(t->info) != BTF_KIND_ENUM)
			continue;
		for (i = 0; i < BTF_INFO_VLEN(t->info); i++, e++) {
			if (!strcmp(name_of(btf, e->name_off), name)) {
				*value = e->val;
				return 0;
			}
		}
	}
	return -ENOENT;
}
