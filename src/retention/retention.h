/*
 * Retention's insides shared by its files: the clock disposal goes by.
 */
#ifndef SOM_SRC_RETENTION_H
#define SOM_SRC_RETENTION_H

/*
 * The time disposal goes by, ISO 8601 UTC with seconds: the earlier of the
 * real clock and $SOMARKIV_NOW (som__now()), so a fixed clock never moves
 * disposal ahead of the real date.
 */
void som_retention__now(char out[32]);

#endif
