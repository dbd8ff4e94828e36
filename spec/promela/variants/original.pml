/* SMS 1.2 as shipped: no patch switch set. */
