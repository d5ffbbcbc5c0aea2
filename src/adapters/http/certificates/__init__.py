"""Course certificates: public verification by code, and the owner's PDF."""
