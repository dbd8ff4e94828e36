// Echoing input in messages. A file can hold anything: a 200 MB string, NUL
// bytes, terminal escape sequences, invalid UTF-8. Whatever part of it an
// error message quotes goes through printable() first, so a message stays
// one short line that a terminal shows as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smsmc::io {

/// How many characters of input a message quotes at most.
inline constexpr std::size_t echo_limit = 60;

/// `text` made safe to quote: valid UTF-8 is kept; control characters, DEL,
/// NUL and bytes that are not valid UTF-8 are written `\xNN`, and the
/// backslash `\\`, so what is shown is unambiguous. At most `max_chars`
/// characters (an escape counts as one) are kept; a longer text is cut and
/// ends in "..." and the full length in bytes, e.g. `aaaa... (209715200 bytes)`
/// (ASCII, so the message reads the same in any locale).
std::string printable(std::string_view text, std::size_t max_chars = echo_limit);

/// printable() between single quotes: 'name'.
std::string quoted(std::string_view text, std::size_t max_chars = echo_limit);

}  // namespace smsmc::io
