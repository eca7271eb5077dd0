#include "text/name_rules.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "text/utf8.h"

namespace exchange::text {
namespace {

NameCheck refused(std::string_view field, std::string_view problem) {
  return {{}, std::string(field) + " " + std::string(problem)};
}

bool is_hidden_or_unstable(UChar32 code) {
  switch (u_charType(code)) {
    case U_CONTROL_CHAR:         // Cc
    case U_FORMAT_CHAR:          // Cf: zero-width characters, bidi controls, LRM/RLM
    case U_LINE_SEPARATOR:       // Zl
    case U_PARAGRAPH_SEPARATOR:  // Zp
    case U_PRIVATE_USE_CHAR:     // Co: means something different on every machine
    case U_SURROGATE:            // Cs
    case U_UNASSIGNED:           // Cn, noncharacters included: a later Unicode may change them
      return true;
    default:
      return false;
  }
}

bool is_combining_mark(UChar32 code) {
  const int8_t type = u_charType(code);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Trims whitespace at both ends and collapses inner runs to one U+0020.
icu::UnicodeString collapse_whitespace(const icu::UnicodeString& text) {
  icu::UnicodeString result;
  bool pending_space = false;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 code = text.char32At(i);
    if (u_isUWhiteSpace(code)) {
      pending_space = !result.isEmpty();
      continue;
    }
    if (pending_space) result.append(static_cast<UChar>(u' '));
    pending_space = false;
    result.append(code);
  }
  return result;
}

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFD data is missing");
    return normalizer;
  }();
  return *instance;
}

// The longest run of combining marks as drawn: counted decomposed, so that "ź" plus two more
// marks is three, as it looks, not two.
size_t longest_mark_run(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd().normalize(text, status);
  size_t longest = 0;
  size_t run = 0;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    run = is_combining_mark(decomposed.char32At(i)) ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

const icu::Normalizer2& nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC data is missing");
    return normalizer;
  }();
  return *instance;
}

struct SpoofCloser {
  void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

// One checker per thread: cheap to open, and never shared, whatever ICU's guarantees.
const USpoofChecker& spoof_checker() {
  thread_local const std::unique_ptr<USpoofChecker, SpoofCloser> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofCloser> opened(uspoof_open(&status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU spoof checker failed to open");
    return opened;
  }();
  return *checker;
}

}  // namespace

NameCheck check_name(std::string_view raw, std::string_view field, size_t max_chars) {
  if (utf8_length(raw) == std::string_view::npos) return refused(field, "must be valid UTF-8");
  const icu::UnicodeString decoded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString normalised = nfkc().normalize(decoded, status);
  if (U_FAILURE(status)) return refused(field, "must be valid UTF-8");

  for (int32_t i = 0; i < normalised.length(); i = normalised.moveIndex32(i, 1)) {
    // Whitespace controls (tab, newline) count as controls: a name is one line.
    if (is_hidden_or_unstable(normalised.char32At(i))) {
      return refused(field, "must not contain control or invisible characters");
    }
  }
  if (longest_mark_run(normalised) > kMaxCombiningRun) {
    return refused(field, "has too many combining marks");
  }

  const icu::UnicodeString canonical = collapse_whitespace(normalised);
  if (canonical.isEmpty()) return refused(field, "must not be empty");
  if (static_cast<size_t>(canonical.countChar32()) > max_chars) {
    return refused(field, "must be at most " + std::to_string(max_chars) + " characters");
  }
  // A leading mark would draw itself onto whatever is shown before the name.
  if (is_combining_mark(canonical.char32At(0))) {
    return refused(field, "must not start with a combining mark");
  }
  NameCheck check;
  canonical.toUTF8String(check.name);
  return check;
}

std::string name_key(std::string_view normalised_name) {
  icu::UnicodeString folded = icu::UnicodeString::fromUTF8(
      icu::StringPiece(normalised_name.data(), static_cast<int32_t>(normalised_name.size())));
  folded.foldCase(U_FOLD_CASE_DEFAULT);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(&spoof_checker(), 0, folded, skeleton, &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU skeleton failed");
  // The skeleton maps some letters to upper-case look-alikes; fold again so case never counts.
  skeleton.foldCase(U_FOLD_CASE_DEFAULT);
  std::string key;
  skeleton.toUTF8String(key);
  return key;
}

}  // namespace exchange::text
