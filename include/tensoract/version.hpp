// tensoract — version.
// SPDX-License-Identifier: MIT
#pragma once

#define TENSORACT_VERSION_MAJOR 0
#define TENSORACT_VERSION_MINOR 1
#define TENSORACT_VERSION_PATCH 0
#define TENSORACT_VERSION "0.1.0"
