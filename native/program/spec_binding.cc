#include "spec_binding.h"

#include <array>
#include <optional>

#include "../kernels/pow_choice.h"
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

// The pow op that gives the running Node's Math.pow bits (pow_choice.h
// probes it), or null where neither does.
Napi::Value powOp(Napi::Env env) {
  const auto pow = env.Global()
                       .Get("Math")
                       .As<Napi::Object>()
                       .Get("pow")
                       .As<Napi::Function>();
  std::array<double, kPowProbes.size()> results{};
  for (std::size_t i = 0; i < kPowProbes.size(); ++i)
    results[i] = pow.Call({Napi::Number::New(env, kPowProbes[i].x),
                           Napi::Number::New(env, kPowProbes[i].y)})
                     .ToNumber()
                     .DoubleValue();
  const std::optional<PowAlgorithm> algorithm = choosePow(results);
  if (!algorithm) return env.Null();
  const Op op =
      *algorithm == PowAlgorithm::Fdlibm ? Op::PowFdlibm : Op::PowLibm;
  return Napi::String::New(env, specOf(op).name);
}

}  // namespace

// { words, inputRegister, resultRegister, currentMask, maskedWrite,
//   inPlaceWrite, maxRegisters, maxInputs, ops: [{ name, operands, computes,
//   repeatable, nsPerElement }], powOp }, ops in the order of their codes;
// powOp names the op that computes Math.pow here, or is null.
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
  spec.Set("powOp", powOp(env));
  return spec;
}

}  // namespace numpool::program
