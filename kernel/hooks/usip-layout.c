// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time layout resolution (see usip-layout.h). Every member is checked for the shape
 * the hooks read it as, so a kernel where a field changed type fails here, cleanly, instead
 * of being misread later.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/printk.h>
#include <linux/vmalloc.h>

#include "usip-btf.h"
#include "usip-layout.h"

#define USIP_BTF_PATH "/sys/kernel/btf/vmlinux"
/* vmlinux BTF is about 5 MB on 6.1 and 6.12; refuse anything absurd. */
#define USIP_BTF_MAX_SIZE (64 << 20)

struct usip_layout usip_layout;

struct layout_field {
	const char *st;
	const char *path;
	enum usip_btf_shape shape;
	u32 size;
	u32 *offset;
	bool optional;	/* missing: U32_MAX, and the hooks do without it */
};

static const struct layout_field fields[] = {
	{ "mount", "mnt", USIP_BTF_AGGREGATE, sizeof(struct vfsmount), &usip_layout.mount_mnt },
	{ "mount", "mnt_parent", USIP_BTF_PTR, sizeof(void *), &usip_layout.mnt_parent },
	{ "mount", "mnt_mountpoint", USIP_BTF_PTR, sizeof(void *), &usip_layout.mnt_mountpoint },
	{ "mount", "mnt_id", USIP_BTF_INT, sizeof(int), &usip_layout.mnt_id },
	{ "mount", "mnt_group_id", USIP_BTF_INT, sizeof(int), &usip_layout.mnt_group_id },
	{ "mount", "mnt_master", USIP_BTF_PTR, sizeof(void *), &usip_layout.mnt_master },
	{ "mount", "mnt_ns", USIP_BTF_PTR, sizeof(void *), &usip_layout.mnt_ns },
	{ "mount", "mnt_devname", USIP_BTF_PTR, sizeof(void *), &usip_layout.mnt_devname },
	{ "mount", "mnt_list", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_list },
	{ "mount", "mnt_mounts", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_mounts },
	{ "mount", "mnt_child", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_child },
	{ "mount", "mnt_share", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_share },
	{ "mount", "mnt_slave_list", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_slave_list },
	{ "mount", "mnt_slave", USIP_BTF_AGGREGATE, sizeof(struct list_head),
	  &usip_layout.mnt_slave },
	{ "mnt_namespace", "ns.inum", USIP_BTF_INT, sizeof(unsigned int), &usip_layout.ns_inum },
	{ "mnt_namespace", "seq", USIP_BTF_INT, sizeof(u64), &usip_layout.ns_seq, true },
};

static void *read_btf(size_t *len)
{
	struct file *f = filp_open(USIP_BTF_PATH, O_RDONLY, 0);
	loff_t size, pos = 0;
	void *buf;

	if (IS_ERR(f))
		return f;
	size = i_size_read(file_inode(f));
	if (size <= 0 || size > USIP_BTF_MAX_SIZE) {
		filp_close(f, NULL);
		return ERR_PTR(-EFBIG);
	}
	buf = vmalloc(size);
	if (!buf) {
		filp_close(f, NULL);
		return ERR_PTR(-ENOMEM);
	}
	while (pos < size) {
		ssize_t n = kernel_read(f, (char *)buf + pos, size - pos, &pos);

		if (n <= 0) {
			vfree(buf);
			filp_close(f, NULL);
			return ERR_PTR(n ? n : -EIO);
		}
	}
	filp_close(f, NULL);
	*len = size;
	return buf;
}

int usip_layout_init(void)
{
	struct usip_btf btf;
	size_t len, i;
	void *data;
	s32 value;
	int err;

	usip_layout.ready = false;
	data = read_btf(&len);
	if (IS_ERR(data)) {
		pr_warn("usip: cannot read %s (%ld): no BTF, no mount-table hooks\n",
			USIP_BTF_PATH, PTR_ERR(data));
		return PTR_ERR(data);
	}
	err = usip_btf_parse(&btf, data, len);
	if (err) {
		pr_warn("usip: %s is not BTF this module understands (%d)\n", USIP_BTF_PATH, err);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct layout_field *f = &fields[i];
		struct usip_btf_member m;

		err = usip_btf_member(&btf, f->st, f->path, &m);
		if (!err && (m.shape != f->shape || m.size != f->size))
			err = -EPROTO;
		if (err && f->optional) {
			pr_warn("usip: BTF: struct %s member %s: %s (%d): namespaces are told apart by inode number only, which the kernel reuses\n",
				f->st, f->path, err == -EPROTO ? "unexpected type" : "not found", err);
			*f->offset = U32_MAX;
			err = 0;
			continue;
		}
		if (err) {
			pr_warn("usip: BTF: struct %s member %s: %s (%d)\n", f->st, f->path,
				err == -EPROTO ? "unexpected type" : "not found", err);
			goto out_btf;
		}
		*f->offset = m.offset;
	}
	err = usip_btf_enum_value(&btf, "UMOUNT_PROPAGATE", &value);
	if (err || value <= 0) {
		pr_warn("usip: BTF: enum umount_tree_flags has no UMOUNT_PROPAGATE (%d)\n", err);
		err = err ?: -EPROTO;
		goto out_btf;
	}
	usip_layout.umount_propagate = value;
	usip_layout.ready = true;
out_btf:
	usip_btf_free(&btf);
out:
	vfree(data);
	return err;
}
