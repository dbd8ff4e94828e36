// `smsmc describe`: every registered service's transition table as markdown,
// walked from the compiled MSM tables, so the spec's tables can never drift
// from the code.
#pragma once

#include "statemachines/registry.h"

#include <string>
#include <string_view>

namespace smsmc::render {

/// One section per service of `registry`, in registry order (only the one
/// named `only`, when given); "" when no service has that name.
std::string describe(const sm::Registry& registry, std::string_view only = {});

}  // namespace smsmc::render
