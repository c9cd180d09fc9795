#ifndef DUBAN_CLIBPQ_SHIM_H
#define DUBAN_CLIBPQ_SHIM_H

#include <libpq-fe.h>

// PG_DIAG_* are character macros ('C'), which Swift does not import.
static const int DUBAN_PG_DIAG_SEVERITY_NONLOCALIZED = 'V';
static const int DUBAN_PG_DIAG_SQLSTATE = 'C';
static const int DUBAN_PG_DIAG_MESSAGE_PRIMARY = 'M';
static const int DUBAN_PG_DIAG_MESSAGE_DETAIL = 'D';
static const int DUBAN_PG_DIAG_MESSAGE_HINT = 'H';
static const int DUBAN_PG_DIAG_STATEMENT_POSITION = 'P';
static const int DUBAN_PG_DIAG_SCHEMA_NAME = 's';
static const int DUBAN_PG_DIAG_TABLE_NAME = 't';
static const int DUBAN_PG_DIAG_COLUMN_NAME = 'c';
static const int DUBAN_PG_DIAG_CONSTRAINT_NAME = 'n';

#endif
