#include "io/text.h"

#include <cstdint>

namespace smsmc::io {

namespace {
/// Length of the valid UTF-8 sequence starting at `s[i]` (1..4), or 0 when
/// the bytes there are not one (overlong forms and surrogates included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t b0 = byte(i);
  std::size_t n = 0;
  std::uint32_t min = 0;
  std::uint32_t cp = 0;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, min = 0x80, cp = b0 & 0x1Fu;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, min = 0x800, cp = b0 & 0x0Fu;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  // C1 controls (U+0080..U+009F) can act as terminal escapes too.
  if (cp >= 0x80 && cp <= 0x9F) return 0;
  return n;
}

void escape_bytes(std::string& out, std::string_view bytes) {
  static const char hex[] = "0123456789abcdef";
  for (char c : bytes) {
    const auto b = static_cast<std::uint8_t>(c);
    out += "\\x";
    out += hex[b >> 4];
    out += hex[b & 15];
  }
}
}  // namespace

std::string printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t shown = 0;
  std::size_t i = 0;
  while (i < text.size() && shown < max_chars) {
    const char c = text[i];
    const auto b = static_cast<std::uint8_t>(c);
    if (c == '\\') {
      out += "\\\\";
      ++i;
    } else if (b < 0x20 || b == 0x7F) {
      escape_bytes(out, text.substr(i, 1));
      ++i;
    } else if (const std::size_t n = utf8_length(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      escape_bytes(out, text.substr(i, 1));
      ++i;
    }
    ++shown;
  }
  if (i < text.size()) out += "... (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string quoted(std::string_view text, std::size_t max_chars) { return "'" + printable(text, max_chars) + "'"; }

}  // namespace smsmc::io
