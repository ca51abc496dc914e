import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { ErrorAlert } from '../components/ui';
import { SignUpPage } from '../pages/SignUpPage';
import { fakeFetch, problemResponse, renderAt } from '../test/helpers';
import { createApi } from './client';
import { apiErrorFrom, describeField } from './problem';

describe('problem details in words', () => {
  it('uses the detail as the message', () => {
    const error = apiErrorFrom(409, { title: 'Conflict', status: 409, detail: 'The username alice is already taken' });
    expect(error.message).toBe('The username alice is already taken.');
    expect(error.title).toBe('Conflict');
  });

  it('keeps reasons per field and says to correct them', () => {
    const error = apiErrorFrom(400, {
      title: 'Bad Request',
      detail: 'price: must be greater than 0',
      errors: [
        { field: 'price', reason: 'must be greater than 0' },
        { field: 'name', reason: 'must not be blank' },
      ],
    });
    expect(error.fieldErrors).toEqual({ price: 'must be greater than 0', name: 'must not be blank' });
    expect(error.message).toBe('Please correct the highlighted fields.');
  });

  it('explains answers that are not problem details', () => {
    expect(apiErrorFrom(502, null).message).toMatch(/not available right now/);
    expect(apiErrorFrom(429, '<html>').message).toMatch(/Too many requests/);
    expect(apiErrorFrom(500, {}).message).toMatch(/Something went wrong/);
  });

  it('names fields as people read them', () => {
    expect(describeField('items[0].quantity')).toBe('quantity (line 1)');
    expect(describeField('initialStock')).toBe('initial stock');
  });

  it('says when the shop cannot be reached at all', async () => {
    const api = createApi({ getToken: () => null, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(api.products()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/could not be reached/) });
  });
});

describe('<ErrorAlert>', () => {
  it('shows the message and lists field reasons that have no field on the page', () => {
    const error = apiErrorFrom(400, {
      errors: [
        { field: 'items[1].quantity', reason: 'must be at most 1000' },
        { field: 'price', reason: 'must be positive' },
      ],
    });
    render(<ErrorAlert error={error} shownFields={['price']} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Please correct the highlighted fields.');
    expect(alert.textContent).toContain('quantity (line 2): must be at most 1000');
    expect(alert.textContent).not.toContain('must be positive');
  });
});

describe('a form with invalid input', () => {
  it('shows each reason next to its field and marks the field invalid', async () => {
    const fetchImpl = fakeFetch({
      'POST /api/auth/register': () =>
        problemResponse(400, {
          title: 'Bad Request',
          detail: 'Invalid request content.',
          errors: [
            { field: 'email', reason: 'must be a well-formed email address' },
            { field: 'password', reason: 'must be at least 10 characters long' },
          ],
        }),
    });
    renderAt('/signup', [{ path: '/signup', element: <SignUpPage /> }], fetchImpl as unknown as typeof fetch);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Your name'), 'Bob');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const email = await screen.findByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const emailError = document.getElementById(email.getAttribute('aria-describedby') ?? '');
    expect(emailError?.textContent).toBe('must be a well-formed email address');
    const password = screen.getByLabelText('Password');
    // the password field describes itself by its hint and, now, by the reason it was refused
    const described = (password.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain('must be at least 10 characters long');
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Please correct the highlighted fields.');
  });

  it('shows a refusal without fields as a plain sentence', async () => {
    const fetchImpl = fakeFetch({
      'POST /api/auth/register': () =>
        problemResponse(409, { title: 'Conflict', detail: 'The username bob is already taken' }),
    });
    renderAt('/signup', [{ path: '/signup', element: <SignUpPage /> }], fetchImpl as unknown as typeof fetch);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Your name'), 'Bob');
    await user.type(screen.getByLabelText('Email'), 'bob@example.org');
    await user.type(screen.getByLabelText('Password'), 'long-enough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The username bob is already taken.');
  });
});
