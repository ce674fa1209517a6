//! Input: parse the three tables, map their columns to roles, validate, and build the
//! [`Trial`](crate::trial::Trial). (in progress)
