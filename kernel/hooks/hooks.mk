# SPDX-License-Identifier: GPL-2.0
# Objects of the real event sources, included by kernel/Kbuild.
usip-y += hooks/usip-hooks.o hooks/usip-btf.o hooks/usip-layout.o \
	  hooks/usip-ratelimit.o hooks/usip-ratelimit-table.o hooks/usip-storage-hooks.o \
	  hooks/usip-write-syscalls.o \
	  hooks/usip-mount-snapshot.o hooks/usip-mount-hooks.o \
	  hooks/usip-propagation.o
ccflags-y += -I$(src)/hooks
