// A chunk's blocks of lanes and how they trade lanes (Op::Refill), so that a
// loop whose trip count depends on the element costs about its average trip
// count, not its longest.
//
// The protocol, within one chunk (one worker runs it at a time; nothing here
// is shared between threads):
// - The main block takes the chunk's next kLanes elements and runs. At the
//   head of a loop outside any branch or loop the compiler puts a Refill of
//   the loop's looping mask. When fewer than kRefillBelow of its lanes still
//   loop and elements are left, the main block stops there.
// - The spare block then takes the chunk's next elements and runs them up
//   to that same Refill (lanes that return before it ride along, inactive,
//   until the spare block ends), where it parks. The main lanes that no longer
//   loop trade every register, mask and element with spare lanes that do
//   (trade()), and the main block goes on. Spare lanes left over stay
//   parked for the main block's next stop; once none of them loops, the
//   spare runs to the end, finishing the lanes the main block handed over.
// - Both blocks run the same instructions on lanes apart, so each lane
//   computes what it would in a block of its own: per-lane element indices
//   (Block::element) say which input each lane reads and where its result
//   goes, in any order. No Refill is inside a counted loop (whose lane 0
//   decides for every lane), so no trade mixes lanes at different
//   iterations of one.
// - A throw: every element below the one that threw was started before it
//   (elements start in order), so the chunk stops starting elements, lanes
//   holding later elements retire (their masks cleared: they run no further
//   assignment or loop), and the blocks run out; the lowest element that
//   threw is the chunk's, as without refill.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "program.h"

namespace numpool::program {

using Lanes = std::array<double, kLanes>;
// All ones or all zeros per lane: a blend is plain bitwise work that any
// vector unit does, so masked moves vectorise like arithmetic.
using Mask = std::array<std::uint64_t, kLanes>;
inline constexpr std::uint64_t kOn = ~std::uint64_t{0};

// A lane that holds no element (past the chunk's end, or retired).
inline constexpr std::size_t kNoElement = SIZE_MAX;

// A block of lanes in progress: its registers (0 and 1 its lanes' first
// input and results), masks, position, and the element of the chunk that
// each lane holds. The constants' registers are filled in; every other
// register starts at 0 when the chunk does, never holding another map's
// values.
struct Block {
  std::vector<Lanes> registers;
  std::vector<Mask> masks;
  std::array<std::size_t, kLanes> element{};
  // Until a trade, lane i holds element[0] + i for the first `count` lanes
  // (inputs are then copied, not gathered).
  bool inOrder = true;
  std::size_t count = 0;
  std::size_t pc = 0;  // its next instruction
  bool live = false;   // holds elements whose results are not stored yet
};

// What the spare block of a chunk is doing.
enum class Spare : std::uint8_t {
  Empty,
  Feeding,   // running fresh elements up to the main block's Refill
  Parked,    // there (pc after it), its looping lanes to be swapped in
  Draining,  // none of its lanes loops: running to the end
};

// A main block refills when fewer of its lanes than this still loop: a
// trade moves a column of every register per lane, so it waits until a
// quarter of the lanes idle.
inline constexpr std::size_t kRefillBelow = kLanes * 3 / 4;

// A chunk in progress.
struct Frame {
  Block main;
  Block spare;           // used only by a program with Refill
  std::size_t next = 0;  // the chunk's first element not yet in a block
  Spare spareState = Spare::Empty;
  bool refilling = false;  // main waits after the Refill at `target`
  std::size_t target = 0;
  // The chunk's lowest element that threw so far and its message id.
  std::size_t thrownElement = kNoElement;
  double thrownMessage = 0;
};

// Registers of zeros and the constants' values, on first use.
inline void allocate(Block& b, const Program& p) {
  if (!b.registers.empty()) return;
  b.registers.resize(p.registers);  // zeros
  b.masks.resize(p.masks);
  for (std::size_t k = 0; k < p.constantCount; ++k)
    b.registers[2 + k].fill(p.constants[k]);
}

// Puts the chunk's next elements (of `count`) into the block's lanes, at
// the program's start; `first` is the chunk's first input.
inline void start(Block& b, Frame& f, const Program& p, const double* first,
                  std::size_t count) {
  allocate(b, p);
  Lanes& x = b.registers[kInputRegister];
  Mask& cur = b.masks[kCurrentMask];
  b.count = std::min(kLanes, count - f.next);
  // A copy, then lane loops without loads, which vectorise: this runs once
  // per block, as often as a short program's ops.
  std::fill(std::copy_n(first + f.next, b.count, x.begin()), x.end(), 0.0);
  // Locals: the stores through the arrays could alias fields of b and f.
  const std::size_t next = f.next;
  const std::size_t held = b.count;
  for (std::size_t i = 0; i < kLanes; ++i) {
    const bool has = i < held;
    b.element[i] = has ? next + i : kNoElement;
    cur[i] = has ? kOn : 0;
  }
  f.next += b.count;
  b.inOrder = true;
  b.pc = 0;
  b.live = true;
}

// Lane i of a and lane j of b trade their elements and all their state.
inline void swapLanes(Block& a, std::size_t i, Block& b, std::size_t j) {
  for (std::size_t k = 0; k < a.registers.size(); ++k)
    std::swap(a.registers[k][i], b.registers[k][j]);
  for (std::size_t k = 0; k < a.masks.size(); ++k)
    std::swap(a.masks[k][i], b.masks[k][j]);
  std::swap(a.element[i], b.element[j]);
  a.inOrder = b.inOrder = false;
}

// Both blocks wait after the Refill whose looping mask is `looping`: the
// main lanes that no longer loop trade places with spare lanes that do.
// True once every main lane loops; false when no spare lane is left that
// loops. Returns the lanes swapped through `swapped`.
inline bool trade(Frame& f, std::size_t looping, std::size_t& swapped) {
  const Mask& idle = f.main.masks[looping];
  const Mask& waiting = f.spare.masks[looping];
  std::size_t i = 0;
  std::size_t j = 0;
  for (;;) {
    while (i < kLanes && idle[i] != 0) ++i;
    while (j < kLanes && waiting[j] == 0) ++j;
    if (i == kLanes) return true;
    if (j == kLanes) return false;
    swapLanes(f.main, i, f.spare, j);
    ++swapped;
  }
}

// Lanes holding elements after `element` stop: no mask of theirs is on, so
// they assign nothing and leave every loop, and their results are dropped.
inline void retireAfter(Block& b, std::size_t element) {
  if (!b.live) return;
  for (std::size_t i = 0; i < kLanes; ++i) {
    if (b.element[i] == kNoElement || b.element[i] <= element) continue;
    for (Mask& m : b.masks) m[i] = 0;
    b.element[i] = kNoElement;
    b.inOrder = false;
  }
}

}  // namespace numpool::program
