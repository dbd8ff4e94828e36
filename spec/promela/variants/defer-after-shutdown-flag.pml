/* The despooler defers CONFIG mini-jobs only once SHUTDOWN.CT1 exists. */
#define DEFER_ONCE_SHUTDOWN 1
