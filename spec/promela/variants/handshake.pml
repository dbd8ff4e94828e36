/* UBS reports "site down" to HM; HM sends the package only after that. */
#define HANDSHAKE 1
