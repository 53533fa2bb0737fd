#include "spec_binding.h"

#include <algorithm>
#include <vector>

#include "../kernels/math_choice.h"
#include "program.h"

namespace numpool::program {
namespace {

const char* operandName(Operand operand) {
  switch (operand) {
    case Operand::Register:
      return "register";
    case Operand::Mask:
      return "mask";
    case Operand::Target:
      return "target";
    case Operand::Bit:
      return "bit";
    case Operand::Input:
      return "input";
    case Operand::None:
      break;
  }
  return "none";
}

// Every candidate of math_choice.h names an op of the table.
constexpr bool isOp(std::string_view name) {
  return std::any_of(kOps.begin(), kOps.end(),
                     [&](const OpSpec& row) { return row.name == name; });
}
static_assert(std::all_of(
    kMathChoices.begin(), kMathChoices.end(), [](const MathChoice& choice) {
      return std::all_of(choice.candidates.begin(), choice.candidates.end(),
                         [](const MathCandidate& candidate) {
                           return candidate.op.empty() || isOp(candidate.op);
                         });
    }));

// { name: op }: for each ported Math function, the op whose port gives the
// running Node's bits on every probe (math_choice.h), or null where none
// does.
Napi::Value mathOps(Napi::Env env) {
  auto ops = Napi::Object::New(env);
  for (const MathChoice& choice : kMathChoices) {
    const MathCandidate* chosen = portOfThisNode(env, choice);
    ops.Set(std::string(choice.name),
            chosen == nullptr
                ? env.Null()
                : Napi::String::New(env, std::string(chosen->op)));
  }
  return ops;
}

}  // namespace

const MathCandidate* portOfThisNode(Napi::Env env, const MathChoice& choice) {
  const auto function = env.Global()
                            .Get("Math")
                            .As<Napi::Object>()
                            .Get(std::string(choice.name))
                            .As<Napi::Function>();
  std::vector<double> results;
  for (const MathProbe& probe : choice.probes)
    results.push_back(function
                          .Call({Napi::Number::New(env, probe.x),
                                 Napi::Number::New(env, probe.y)})
                          .ToNumber()
                          .DoubleValue());
  return choosePort(choice, results);
}

// { words, inputRegister, resultRegister, currentMask, maskedWrite,
//   inPlaceWrite, maxRegisters, maxInputs, ops: [{ name, operands, computes,
//   repeatable, nsPerElement }], mathOps }, ops in the order of their codes;
// mathOps maps each ported Math function to its op, or to null where no
// port gives this Node's bits.
Napi::Value programSpec(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  auto spec = Napi::Object::New(env);
  const auto number = [&](double value) {
    return Napi::Number::New(env, value);
  };
  spec.Set("words", number(kWords));
  spec.Set("inputRegister", number(kInputRegister));
  spec.Set("resultRegister", number(kResultRegister));
  spec.Set("currentMask", number(kCurrentMask));
  spec.Set("maskedWrite", number(kMaskedWrite));
  spec.Set("inPlaceWrite", number(kInPlaceWrite));
  spec.Set("maxRegisters", number(static_cast<double>(kMaxRegisters)));
  spec.Set("maxInputs", number(static_cast<double>(kMaxInputs)));
  auto ops = Napi::Array::New(env, kOps.size());
  for (std::size_t code = 0; code < kOps.size(); ++code) {
    const Op op = static_cast<Op>(code);
    auto row = Napi::Object::New(env);
    row.Set("name", kOps[code].name);
    auto operands = Napi::Array::New(env, kWords - 1);
    for (std::size_t k = 0; k + 1 < kWords; ++k)
      operands.Set(k, operandName(kOps[code].operands[k]));
    row.Set("operands", operands);
    row.Set("computes", computes(op));
    row.Set("repeatable", repeatable(op));
    row.Set("nsPerElement", number(kOps[code].nsPerElement));
    ops.Set(code, row);
  }
  spec.Set("ops", ops);
  spec.Set("mathOps", mathOps(env));
  return spec;
}

}  // namespace numpool::program
