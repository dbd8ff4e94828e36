/*
 * SMS 1.2 secondary-site upgrade (KB Q186408) in Promela: a second encoding
 * of the protocol, written from ../../../shared/protocol-brief.md and
 * spec/protocol.md, checked by SPIN. README.md beside this file says how it
 * maps onto smsmc's steps and how to run it.
 *
 * Parameters (preprocessor macros; a variant file under variants/ sets the
 * patch switches before this file is included):
 *   SITES        N, secondary sites (>= 1)
 *   LOGONS       M, logon servers per site (>= 0)
 *   OPERATOR     1: operator on duty (PREINST /UPGRADE, no watchdog);
 *                0: unattended (the 48-hour watchdog, nobody runs PREINST)
 *   HANDSHAKE, DEFER_WHILE_UBS, DEFER_ONCE_SHUTDOWN, DESPOOLER_FIRST: patches
 *   LIVENESS     1: leave out the deadlock monitor (pan -a -f runs)
 *
 * Every step is one d_step, so one protocol step is one SPIN transition and
 * each actor's process sits at its loop head between steps: the stored
 * states are exactly the protocol's global states.
 */

#ifndef SITES
#define SITES 1
#endif
#ifndef LOGONS
#define LOGONS 1
#endif
#ifndef OPERATOR
#define OPERATOR 0
#endif
#ifndef HANDSHAKE
#define HANDSHAKE 0
#endif
#ifndef DEFER_WHILE_UBS
#define DEFER_WHILE_UBS 0
#endif
#ifndef DEFER_ONCE_SHUTDOWN
#define DEFER_ONCE_SHUTDOWN 0
#endif
#ifndef DESPOOLER_FIRST
#define DESPOOLER_FIRST 0
#endif
#ifndef LIVENESS
#define LIVENESS 0
#endif

/* Hierarchy Manager's upgrade job for one site (at the parent). */
#define HM_IDLE          0
#define HM_UBS_STARTED   1
#define HM_HEARD_DOWN    2  /* handshake only: UBS said the site is down */
#define HM_PACKAGE_SENT  3

/* Upgrade Bootstrap Service. */
#define UBS_ABSENT       0
#define UBS_STARTED      1
#define UBS_SHUTDOWN_CT1 2  /* SHUTDOWN.CT1 written */
#define UBS_SITE_DOWN    3
#define UBS_UPGRADED     4

/* Site Configuration Manager. */
#define SCM_RUNNING      0
#define SCM_STOPPING     1  /* stopping logon servers (and the despooler) */
#define SCM_ALL_STOPPED  2  /* logon servers and despooler stopped */
#define SCM_REPORTED     3  /* told UBS the site is down */

byte hm[SITES];
bool on_link[SITES];        /* the package is on the parent -> site link */
bool in_inbox[SITES];       /* the package is in the despooler's inbox */
byte ubs[SITES];
byte scm[SITES];
byte logons_stopped[SITES]; /* SCM stops them in order: servers 1..k are down */
bool despooler_stopped[SITES];
bool emergency[SITES];      /* the watchdog's Emergency Restart */
/* History: the despooler logged c0000001 for this site's CONFIG mini-job. */
bool c0000001[SITES];
/* How many sites are upgraded: a function of ubs[], kept for the LTL formulas. */
byte sites_upgraded;

#define SHUTDOWN_CT1_EXISTS(s) (ubs[s] >= UBS_SHUTDOWN_CT1)
#define UPGRADED(s)            (ubs[s] == UBS_UPGRADED)
/* Sent, and nowhere: not on the link, not in the inbox, not installed. */
#define PACKAGE_LOST(s) (hm[s] == HM_PACKAGE_SENT && !on_link[s] && !in_inbox[s] \
                         && !UPGRADED(s) && !emergency[s])
/* Down and waiting for a package that is gone: what the workaround is for. */
#define STUCK(s)        (PACKAGE_LOST(s) && ubs[s] == UBS_SITE_DOWN)

#if DEFER_WHILE_UBS
#define DEFERS_CONFIG(s) (ubs[s] != UBS_ABSENT)
#elif DEFER_ONCE_SHUTDOWN
#define DEFERS_CONFIG(s) SHUTDOWN_CT1_EXISTS(s)
#else
#define DEFERS_CONFIG(s) false
#endif

/* The checks' loop index: back to 0 after every use, so it adds no state. */
byte i;

/*
 * The properties. An assertion names its property by or-ing a constant false
 * flag with that name, so pan's "assertion violated (...)" line says which
 * property it is (pan refuses hidden variables in BFS mode, so the flags are
ordinary constants in the state vector). Witnesses and the probe are asserted never to hold: pan
 * reporting one "violated" means "found". Run pan with -c0 to explore the
 * whole space and collect every one; the environment decides which of them
 * are meant (see README.md).
 */
bool no_config_failure, no_lost_package, no_unhandled_event, no_deadlock;
bool package_reaches_inbox, package_sent, every_site_upgraded, site_gets_stuck;

/* Checked at the end of every step, on the state the step reached. */
inline check_state() {
  for (i : 0 .. SITES - 1) {
    assert(!c0000001[i] || no_config_failure);
    assert(!PACKAGE_LOST(i) || no_lost_package);
    assert(!in_inbox[i] || package_reaches_inbox);
    assert(hm[i] != HM_PACKAGE_SENT || package_sent);
    assert(!STUCK(i) || site_gets_stuck)
  }
  assert(sites_upgraded < SITES || every_site_upgraded);
  i = 0
}

/* A message its receiver cannot take in its current state. */
#define RECEIVER_ACCEPTS(cond) assert((cond) || no_unhandled_event)

/* HM hands the package to the site's link (send and PREINST's resend). */
inline hand_package_to_link(s) {
  RECEIVER_ACCEPTS(!on_link[s]);
  on_link[s] = true
}

/* SCM's report reaches UBS, and with the handshake patch UBS tells HM. */
inline report_site_down(s) {
  RECEIVER_ACCEPTS(ubs[s] == UBS_SHUTDOWN_CT1);
  ubs[s] = UBS_SITE_DOWN;
  if
  :: HANDSHAKE ->
     RECEIVER_ACCEPTS(hm[s] == HM_UBS_STARTED);
     hm[s] = HM_HEARD_DOWN
  :: else
  fi
}

inline stop_despooler(s) {
  RECEIVER_ACCEPTS(!despooler_stopped[s]);
  despooler_stopped[s] = true
}

/*
 * One process per actor and site, as smsmc's actors, so that pan -f's weak
 * fairness (per process) is smsmc's weak fairness (per actor). Pids are
 * handed out in declaration order: process kind k's site s has pid
 * k * SITES + s. Logon servers and the inbox take no steps of their own
 * (only SCM and the link act on them), so they are variables, not processes.
 */
#define SITE(kind) (_pid - (kind) * SITES)

active [SITES] proctype HierarchyManager() {
  byte s = SITE(0);
end:
  do
  :: d_step { hm[s] == HM_IDLE ->         /* deliver and start UBS */
       hm[s] = HM_UBS_STARTED;
       RECEIVER_ACCEPTS(ubs[s] == UBS_ABSENT);
       ubs[s] = UBS_STARTED;
       check_state() }
  :: d_step { (hm[s] == HM_UBS_STARTED && !HANDSHAKE) || hm[s] == HM_HEARD_DOWN ->
       hm[s] = HM_PACKAGE_SENT;           /* send the site install package */
       hand_package_to_link(s);
       check_state() }
  od
}

active [SITES] proctype SenderLink() {
  byte s = SITE(1);
end:
  do
  :: d_step { on_link[s] ->               /* deliver to the despooler inbox */
       on_link[s] = false;
       RECEIVER_ACCEPTS(!in_inbox[s]);
       in_inbox[s] = true;
       check_state() }
  od
}

active [SITES] proctype UpgradeBootstrap() {
  byte s = SITE(2);
end:
  do
  :: d_step { ubs[s] == UBS_STARTED ->    /* write SHUTDOWN.CT1 */
       ubs[s] = UBS_SHUTDOWN_CT1;
       check_state() }
  :: d_step { ubs[s] == UBS_SITE_DOWN && in_inbox[s] ->
       in_inbox[s] = false;               /* take the package, upgrade */
       ubs[s] = UBS_UPGRADED;
       sites_upgraded++;
       check_state() }
  od
}

/*
 * SCM works through SHUTDOWN.CT1 in the order the patch sets: logon servers
 * then the despooler (SMS 1.2), or the despooler first (despooler-stops-first).
 */
#define LOGONS_LEFT(s)       (logons_stopped[s] < LOGONS)
#define NEXT_IS_LOGON(s)     (scm[s] == SCM_STOPPING && LOGONS_LEFT(s) && (!DESPOOLER_FIRST || despooler_stopped[s]))
#define NEXT_IS_DESPOOLER(s) (scm[s] == SCM_STOPPING && !despooler_stopped[s] && (DESPOOLER_FIRST || !LOGONS_LEFT(s)))
#define NEXT_IS_REPORT(s)    (scm[s] == SCM_ALL_STOPPED || (scm[s] == SCM_STOPPING && despooler_stopped[s] && !LOGONS_LEFT(s)))

active [SITES] proctype SiteConfigManager() {
  byte s = SITE(3);
end:
  do
  :: d_step { scm[s] == SCM_RUNNING && SHUTDOWN_CT1_EXISTS(s) ->
       scm[s] = SCM_STOPPING;             /* begin the shutdown */
       check_state() }
  :: d_step { NEXT_IS_LOGON(s) ->
       logons_stopped[s]++;               /* stop the next logon server */
       check_state() }
  :: d_step { NEXT_IS_DESPOOLER(s) ->
       stop_despooler(s);
       if
       :: !LOGONS_LEFT(s) -> scm[s] = SCM_ALL_STOPPED
       :: else
       fi;
       check_state() }
  :: d_step { NEXT_IS_REPORT(s) ->
       scm[s] = SCM_REPORTED;             /* report "site down" to UBS */
       report_site_down(s);
       check_state() }
  od
}

active [SITES] proctype Despooler() {
  byte s = SITE(4);
end:
  do
  :: d_step { !despooler_stopped[s] && in_inbox[s] && !DEFERS_CONFIG(s) ->
       in_inbox[s] = false;               /* execute the CONFIG mini-job */
       c0000001[s] = true;                /* no config mini inst data */
       check_state() }
  od
}

active [SITES] proctype Watchdog() {
  byte s = SITE(5);
end:
  do
  :: d_step { !OPERATOR && STUCK(s) ->    /* 48 hours: Emergency Restart */
       emergency[s] = true;
       check_state() }
  od
}

active [SITES] proctype SiteOperator() {
  byte s = SITE(6);
end:
  do
  :: d_step { OPERATOR && STUCK(s) ->     /* PREINST /UPGRADE: HM resends */
       RECEIVER_ACCEPTS(hm[s] == HM_PACKAGE_SENT);
       hand_package_to_link(s);
       check_state() }
  od
}

#if !LIVENESS
/*
 * no-deadlock: when nothing else can move, every site must be upgraded or in
 * Emergency Restart. The check returns to the same state, so it adds no state.
 */
active proctype DeadlockMonitor() {
end:
  do
  :: d_step { timeout ->
       for (i : 0 .. SITES - 1) {
         assert(UPGRADED(i) || emergency[i] || no_deadlock)
       };
       i = 0 }
  od
}
#endif

/*
 * upgrade-completes (unattended) and workaround-recovers (operator on duty):
 * every site reaches Upgraded. A site in Emergency Restart never does, so
 * "and none reaches Emergency Restart" needs no term of its own. Check with
 * pan -a -f -N <name>.
 */
ltl upgrade_completes { <> (sites_upgraded == SITES) }
ltl workaround_recovers { <> (sites_upgraded == SITES) }
