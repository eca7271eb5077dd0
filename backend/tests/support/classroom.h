#pragma once
// A teacher (admin) and two students it has funded: the cast of most integration tests.

#include <gtest/gtest.h>

#include <string>

#include "test_exchange.h"

namespace exchange::testing {

class Classroom : public ::testing::Test {
 protected:
  explicit Classroom(double funding, std::string note = "")
      : funding_(funding), note_(std::move(note)) {}

  void SetUp() override {
    teacher = exchange.user("teacher", true);
    alice = exchange.user("alice");
    bob = exchange.user("bob");
    for (Trader* student : {&alice, &bob}) {
      auto paid = teacher->request(make_transfer(teacher.id, student->id, funding_, note_));
      ASSERT_TRUE(paid.has_transfer_created()) << paid.DebugString();
    }
  }

  TestExchange exchange;
  Trader teacher, alice, bob;

 private:
  double funding_;
  std::string note_;
};

}  // namespace exchange::testing
