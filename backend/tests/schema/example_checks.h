#pragma once
// Helpers of the schema round-trip tests: example lists, and descriptor-driven checks that the
// examples cover every oneof variant and set every field (so that a schema change without new
// examples fails the tests).

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace schema_testing {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::OneofDescriptor;
using google::protobuf::Reflection;
using google::protobuf::util::MessageDifferencer;

template <typename Root>
struct Example {
  typename Root::MessageCase expected;
  Root message;
};

template <typename Root>
class ExampleList {
 public:
  // Builds an example with a request_id and the payload filled in by `fill`.
  void Add(typename Root::MessageCase expected, const std::function<void(Root&)>& fill) {
    Example<Root> example{expected, Root()};
    example.message.set_request_id("req-" + std::to_string(examples_.size()));
    fill(example.message);
    examples_.push_back(std::move(example));
  }
  std::vector<Example<Root>> Take() { return std::move(examples_); }

 private:
  std::vector<Example<Root>> examples_;
};

// ---------------------------------------------------------------------------------------------
// Descriptor-driven completeness checks.

// True if a singular field holds its default (unset, for fields with explicit presence).
bool HoldsDefault(const Message& m, const FieldDescriptor* f) {
  const Reflection* r = m.GetReflection();
  if (f->has_presence() && !r->HasField(m, f)) return true;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(m, f) == 0;
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(m, f) == 0;
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(m, f) == 0;
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(m, f) == 0;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(m, f) == 0;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(m, f) == 0;
    case FieldDescriptor::CPPTYPE_BOOL:
      return !r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_ENUM:
      return r->GetEnumValue(m, f) == 0;
    case FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(m, f).empty();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return false;  // set (checked above)
  }
  return true;
}

struct Coverage {
  std::set<const Descriptor*> types;                 // every message type walked through
  std::set<const FieldDescriptor*> oneof_cases_set;  // members of real oneofs seen set
  std::vector<std::string> problems;
};

// Records every field that is unset/default or has fewer than two elements. Oneof members are
// exempt individually (only one can be set); Finish() checks that each was set somewhere.
void Walk(const Message& m, const std::string& path, Coverage* cov) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  cov->types.insert(d);
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string where = path + "." + f->name();
    const bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      const int n = r->FieldSize(m, f);
      if (n < 2) cov->problems.push_back(where + ": fewer than 2 elements");
      for (int j = 0; is_message && j < n; ++j) {
        Walk(r->GetRepeatedMessage(m, f, j), where + "[" + std::to_string(j) + "]", cov);
      }
      continue;
    }
    if (f->real_containing_oneof() != nullptr) {
      if (!r->HasField(m, f)) continue;
      cov->oneof_cases_set.insert(f);
    } else if (HoldsDefault(m, f)) {
      cov->problems.push_back(where + ": unset or default");
      continue;
    }
    if (is_message) Walk(r->GetMessage(m, f), where, cov);
  }
}

template <typename Root>
std::vector<std::string> CompletenessProblems(const std::vector<Example<Root>>& examples) {
  Coverage cov;
  for (const Example<Root>& ex : examples) Walk(ex.message, Root::descriptor()->name(), &cov);
  for (const Descriptor* d : cov.types) {
    for (int o = 0; o < d->real_oneof_decl_count(); ++o) {
      const OneofDescriptor* oneof = d->oneof_decl(o);
      for (int i = 0; i < oneof->field_count(); ++i) {
        if (cov.oneof_cases_set.count(oneof->field(i)) == 0) {
          cov.problems.push_back(oneof->field(i)->full_name() + ": oneof case never set");
        }
      }
    }
  }
  return cov.problems;
}

template <typename Root>
std::vector<std::string> UncoveredVariants(const std::vector<Example<Root>>& examples) {
  const OneofDescriptor* oneof = Root::descriptor()->FindOneofByName("message");
  if (oneof == nullptr) return {"no oneof named 'message'"};
  std::vector<std::string> missing;
  for (int i = 0; i < oneof->field_count(); ++i) {
    bool covered = false;
    for (const Example<Root>& ex : examples) {
      covered = covered || static_cast<int>(ex.expected) == oneof->field(i)->number();
    }
    if (!covered) missing.push_back(oneof->field(i)->name());
  }
  return missing;
}

template <typename Root>
void ExpectEveryExampleRoundTrips(const std::vector<Example<Root>>& examples) {
  for (const Example<Root>& ex : examples) {
    const FieldDescriptor* variant = Root::descriptor()->FindFieldByNumber(ex.expected);
    ASSERT_NE(variant, nullptr) << "case " << ex.expected;
    SCOPED_TRACE(variant->name());
    ASSERT_EQ(ex.message.message_case(), ex.expected) << "example built with the wrong setter";

    std::string bytes;
    ASSERT_TRUE(ex.message.SerializeToString(&bytes));
    EXPECT_EQ(bytes.size(), ex.message.ByteSizeLong());

    Root parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_EQ(parsed.message_case(), ex.expected);
    EXPECT_EQ(parsed.request_id(), ex.message.request_id());

    std::string diff;
    MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(ex.message, parsed)) << diff;
    EXPECT_EQ(parsed.SerializeAsString(), bytes);
    EXPECT_EQ(parsed.GetReflection()->GetUnknownFields(parsed).field_count(), 0);
  }
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += "\n  " + item;
  return out;
}

// ---------------------------------------------------------------------------------------------
}  // namespace schema_testing
