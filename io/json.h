// Parsing JSON from a file nobody vouches for (nlohmann-json), and reading
// its fields with range checks. Errors never echo more than a short,
// escaped piece of the input (io/text.h) and name the field by its path,
// e.g. "field 'steps[3].states' must be an object".
//
// Memory: nlohmann-json keeps every value as a 16-byte node plus its string
// or container. The worst case measured is an array of empty objects,
// `[{},{},...]`: 64 MiB of it (the read cap, io/read.h) peaks at 2.1 GB and
// 1.7 s of CPU; an array of numbers at 1.1 GB. The nesting cap stops
// `[[[[...` at once (its tree would otherwise cost 5 GB for 200 MB).
#pragma once

#include "io/read.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsmc::io {

struct JsonLimits {
  /// Containers nested deeper than this are refused. A trace nests 4 deep
  /// (document, steps, a step, its states/log/messages, a log line).
  std::size_t max_depth = 64;
};

/// Parses `text`. Throws InputError: "not valid JSON: parse error at line 1,
/// column 9: ...; last read: '...'" (the token shortened and escaped), or
/// "nested deeper than 64 levels (at byte N)".
nlohmann::json parse_json(std::string_view text, const JsonLimits& limits = {});

/// read_input_file + parse_json; errors start with the file name.
nlohmann::json read_json_file(const std::string& path, const ReadLimits& read = {}, const JsonLimits& json = {});

/// The path of member `key` under `where` ("" is the document): "a.b",
/// with the key escaped and shortened (a key may hold anything).
std::string member_path(std::string_view where, std::string_view key);
/// The path of element `index` under `where`: "steps[3]".
std::string element_path(std::string_view where, std::size_t index);

/// A short description of a value for messages: `-5`, `18446744073709551615`,
/// `1.5`, `"abc"` (escaped, shortened), `an array`, `an object`, `null`.
std::string describe(const nlohmann::json& value);

/// Member `name` of `object`, which must be an object (`where` names it).
/// Throws InputError "missing field 'where.name'" or "field 'where' must be
/// an object".
const nlohmann::json& member(const nlohmann::json& object, std::string_view name, std::string_view where);

/// Member `name`, a string.
std::string get_string(const nlohmann::json& object, std::string_view name, std::string_view where);

/// Member `name`, an integer in [lo, hi]. Read as unsigned: 2^64-1 is
/// 18446744073709551615 in the message, never -1; a negative number, a
/// fraction or a number beyond 64 bits is refused with the field, the value
/// and the allowed range: "field 'sites' is 65, outside 1..64".
std::uint64_t get_unsigned(const nlohmann::json& object, std::string_view name, std::string_view where,
                           std::uint64_t lo, std::uint64_t hi);
/// The same for a value already found (e.g. an array element) at `path`.
std::uint64_t as_unsigned(const nlohmann::json& value, std::string_view path, std::uint64_t lo, std::uint64_t hi);

/// Member `name`, a signed integer in [lo, hi].
std::int64_t get_integer(const nlohmann::json& object, std::string_view name, std::string_view where, std::int64_t lo,
                         std::int64_t hi);

}  // namespace smsmc::io
