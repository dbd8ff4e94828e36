// The protocol variants, selectable by name: the catalogue. A variant is a
// name, a summary and a set of protocol switches (statemachines/switches.h,
// read by the machines' guards); spec/variants.md explains how to add one.
#pragma once

#include "statemachines/switches.h"

#include <deque>
#include <string_view>

namespace smsmc::spec {

struct Variant {
  const char* name;
  const char* summary;
  sm::Switches switches;  // only what differs from SMS 1.2 as shipped
};

/// Every named variant, `original` first.
/// A deque: registering a variant never moves the others, so pointers from
/// find_variant() stay valid.
const std::deque<Variant>& variants();

/// Adds a variant defined outside spec/variants.cpp (tests of the gate define
/// a deliberately broken one). Throws std::invalid_argument if the name is
/// taken. `name` and `summary` must outlive the program (string literals).
const Variant& register_variant(const Variant& variant);

/// nullptr when no variant has that name.
const Variant* find_variant(std::string_view name);

}  // namespace smsmc::spec
