{
  "targets": [
    {
      "target_name": "netlink_shim",
      "sources": ["shim.c", "reader.c", "slab.c", "netns.c", "errors.c"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lpthread"]
    }
  ]
}
