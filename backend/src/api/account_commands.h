#pragma once
// Account work asked by the HTTP API (messaging/account_command.h): rename plans and renames of
// a person's account (cohorts.md 7.3), and placeholder accounts for pre-registered e-mails
// (3.5). Runs on the sequencer thread inside a batch; what changes is committed with it.

#include "api/batch_context.h"
#include "messaging/account_command.h"

namespace exchange::api {

messaging::AccountCommandResult run_account_command(BatchContext& ctx,
                                                    const messaging::AccountCommand& command);

}  // namespace exchange::api
