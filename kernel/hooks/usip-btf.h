/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, bounds-checked reader of the kernel's BTF (/sys/kernel/btf/vmlinux): enough to
 * find a struct by name and the byte offset of a member, so the hooks can read private
 * structs (struct mount, struct mnt_namespace) without copying their layout. Pure: it works
 * on a buffer, and the same file builds in user space for tests (kernel/hooks/test/).
 */
#ifndef _USIP_BTF_H
#define _USIP_BTF_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t s32;
#endif

/* A parsed BTF blob. Points into the caller's buffer, which must outlive it. */
struct usip_btf {
	const u8 *types;	/* type section */
	u32 types_len;
	const char *strings;	/* string section */
	u32 strings_len;
	u32 *type_offsets;	/* type id -> offset in types; id 0 is void */
	u32 nr_types;		/* highest id + 1 */
};

/* What a member turned out to be, so callers can check it is what they expect. */
enum usip_btf_shape {
	USIP_BTF_OTHER,
	USIP_BTF_INT,		/* integer or enum; size in bytes */
	USIP_BTF_PTR,
	USIP_BTF_AGGREGATE,	/* struct or union embedded by value */
};

struct usip_btf_member {
	u32 offset;		/* bytes from the start of the outermost struct */
	u32 size;		/* bytes (pointer: sizeof(void *)) */
	enum usip_btf_shape shape;
};

/* Parse @data (@len bytes). 0, -EINVAL (malformed), -ENOMEM. Free with usip_btf_free(). */
int usip_btf_parse(struct usip_btf *btf, const void *data, size_t len);
void usip_btf_free(struct usip_btf *btf);

/* Type id of the first complete struct named @name, or -ENOENT. */
s32 usip_btf_find_struct(const struct usip_btf *btf, const char *name);

/*
 * Resolve @path ("mnt_id", "ns.inum": members of nested structs joined by '.') in struct
 * @struct_name, looking through anonymous structs and unions. 0, -ENOENT (no such struct or
 * member), -EINVAL (bit field, or a path through something that is not a struct/union).
 */
int usip_btf_member(const struct usip_btf *btf, const char *struct_name, const char *path,
		    struct usip_btf_member *out);

/* Value of the enumerator @name (of any enum), or -ENOENT. */
int usip_btf_enum_value(const struct usip_btf *btf, const char *name, s32 *value);

#endif /* _USIP_BTF_H */
