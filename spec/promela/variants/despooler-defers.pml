/* The despooler leaves CONFIG mini-jobs in the inbox while a UBS is installed. */
#define DEFER_WHILE_UBS 1
