// programSpec() for JavaScript: the op table and the format's constants
// (program.h), from which lib/compiler/spec.ts derives op codes, register
// words, fusable and repeatable ops and costs.
#pragma once

#include <napi.h>

#include "../kernels/math_choice.h"

namespace numpool::program {

Napi::Value programSpec(const Napi::CallbackInfo& info);

// The candidate of `choice` whose port gives this Node's Math.<name> on
// every probe, or nullptr: evaluates the probes through JavaScript.
const MathCandidate* portOfThisNode(Napi::Env env, const MathChoice& choice);

}  // namespace numpool::program
