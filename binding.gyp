{
  # The build that ships: `npm install` (node-gyp-build) and prebuildify run it.
  # CMakeLists.txt mirrors its sources and the flags that matter.
  "variables": {
    # true for the linux prebuilds: scripts/prebuild.sh sets it through
    # npm_config_numpool_portable, which node-gyp passes on as a variable.
    "numpool_portable%": "false"
  },
  "targets": [
    {
      "target_name": "numpool",
      "sources": [
        "native/binding.cc",
        "native/buffer_cache.cc",
        "native/cpu_count.cc",
        "native/map.cc",
        "native/pool.cc",
        "native/simd_dispatch.cc",
        "native/kernels/fma_math.cc",
        "native/program/interpreter.cc",
        "native/program/spec_binding.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      # NDEBUG as in CMake's Release build: the two builds must not differ.
      "defines": [
        "NDEBUG",
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
        "NODE_ADDON_API_DISABLE_DEPRECATED"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1y"],
      # -Wno-psabi: vector helpers are always inlined, never called across
      # an ABI boundary, so the note about wide vector arguments is moot.
      # -ffp-contract=off: no fused multiply-add, or results drift from
      # Math.log. -fno-math-errno: math calls have no side effects.
      # -fwrapv: the vector Math ports do integer arithmetic on the bits of
      # every lane, discarded lanes too, where it must wrap, not be undefined.
      "cflags_cc": [
        "-std=c++20",
        "-O3",
        "-ffp-contract=off",
        "-fno-math-errno",
        "-fwrapv",
        "-fvisibility=hidden",
        "-Wno-psabi"
      ],
      "conditions": [
        # Portable linux prebuilds: libstdc++ and libgcc linked in and kept
        # private (exports.map), glibc symbols pinned to versions up to 2.28
        # (glibc_compat.cc: one --wrap for each function it defines);
        # --gc-sections drops unused libstdc++ code that needs newer ones.
        ["OS=='linux' and numpool_portable=='true'", {
          "sources": ["native/portable/glibc_compat.cc"],
          "ldflags": [
            "-static-libstdc++",
            "-static-libgcc",
            "-Wl,--exclude-libs,ALL",
            "-Wl,--gc-sections",
            "-Wl,--version-script=<(module_root_dir)/native/portable/exports.map",
            "-Wl,--wrap=pthread_create,--wrap=pthread_join,--wrap=pthread_once",
            "-Wl,--wrap=__pthread_key_create,--wrap=fstat64,--wrap=_dl_find_object",
            "-Wl,--wrap=pow"
          ]
        }]
      ],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++20",
        "MACOSX_DEPLOYMENT_TARGET": "11.0",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off", "-fno-math-errno", "-fwrapv"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": {
          "ExceptionHandling": 1,
          "AdditionalOptions": ["/std:c++20", "/fp:precise", "/O2"]
        }
      }
    }
  ]
}
