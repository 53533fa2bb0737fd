// programSpec() for JavaScript: the op table and the format's constants
// (program.h), from which lib/compiler/spec.ts derives op codes, register
// words, fusable and repeatable ops and costs.
#pragma once

#include <napi.h>

namespace numpool::program {

Napi::Value programSpec(const Napi::CallbackInfo& info);

}  // namespace numpool::program
