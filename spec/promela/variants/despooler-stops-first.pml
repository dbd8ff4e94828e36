/* SCM stops the despooler before the logon servers. */
#define DESPOOLER_FIRST 1
