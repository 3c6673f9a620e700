// A minimal JSON writer for the tables and configs the core publishes: strings from the core's
// own tables (only '"' and '\' escaped), numbers in the core's compact form (format_number: 0.1f
// is written 0.1), separators inserted by position. Not a parser, and not for arbitrary text.
#pragma once
#include <string>

#include "format_number.hpp"

namespace relulab {

class Json {
 public:
  std::string text;
  Json& key(const char* k) {
    str(k);
    text += ':';
    return *this;
  }
  Json& str(const char* s) {
    sep();
    text += '"';
    for (; *s; ++s) {
      if (*s == '"' || *s == '\\') text += '\\';
      text += *s;
    }
    text += '"';
    return *this;
  }
  Json& num(double d) {
    sep();
    text += format_number(d);
    return *this;
  }
  Json& boolean(bool b) {
    sep();
    text += b ? "true" : "false";
    return *this;
  }
  Json& open(char c) {
    sep();
    text += c;
    return *this;
  }
  Json& close(char c) {
    text += c;
    return *this;
  }

 private:
  void sep() {
    if (!text.empty() && text.back() != '{' && text.back() != '[' && text.back() != ':') text += ',';
  }
};

}  // namespace relulab
