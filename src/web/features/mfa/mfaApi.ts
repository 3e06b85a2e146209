// The two-factor sign-in endpoints as the web app calls them.
import type { MfaStatus } from '../../../shared/contracts/auth.ts';
import { post } from '../../lib/api.ts';

export const MFA_URL = '/api/v1/auth/mfa';
export type { MfaStatus };

export const startEnrollment = () => post<{ secret: string; otpauthUri: string }>(`${MFA_URL}/enrollment`);
export const confirmEnrollment = (code: string) => post<{ recoveryCodes: string[] }>(`${MFA_URL}/enrollment/confirm`, { code });
export const verifyCode = (body: { code: string } | { recoveryCode: string }) => post<{ mfa: 'ok'; recoveryCodesLeft: number }>(`${MFA_URL}/verify`, body);
export const regenerateCodes = (code: string) => post<{ recoveryCodes: string[] }>(`${MFA_URL}/recovery-codes`, { code });
export const disableMfa = (code: string) => post<void>(`${MFA_URL}/disable`, { code });
export const resetUserMfa = (userId: string) => post<void>(`/api/v1/users/${encodeURIComponent(userId)}/mfa/reset`);
